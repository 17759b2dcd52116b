namespace MonitorSim.Sip.Transport;

/// <summary>The transports GB/T 28181 signalling runs over (§4.2: UDP by default, TCP as an option).</summary>
public enum SipTransportKind : byte
{
    Udp,
    Tcp,
}
