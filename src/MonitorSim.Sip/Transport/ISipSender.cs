namespace MonitorSim.Sip.Transport;

/// <summary>Puts a message on the wire; false when the transport could not (counted by the caller, never thrown).</summary>
public interface ISipSender
{
    bool Send(ReadOnlySpan<byte> message, SipRoute route);
}
