namespace MonitorSim.Sip.Transport;

/// <summary>Takes what a transport received: a datagram, or one message framed out of a stream.</summary>
public interface ISipReceiver
{
    void OnReceived(ReadOnlySpan<byte> data, SipRoute source);
}
