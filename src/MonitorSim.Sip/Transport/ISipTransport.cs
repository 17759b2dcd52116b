namespace MonitorSim.Sip.Transport;

/// <summary>
/// A transport shared by every device (or platform) of an endpoint: a few UDP sockets or TCP connections (channels),
/// each carrying thousands of devices.
/// </summary>
public interface ISipTransport : ISipSender, IDisposable
{
    SipTransportKind Kind { get; }

    /// <summary>Channels this end opened (sockets, or outgoing connections); 1 for a listening server.</summary>
    int Channels { get; }

    /// <summary>The <c>host:port</c> of a channel, for Via sent-by and Contact.</summary>
    ReadOnlySpan<byte> SentBy(int channel);

    /// <summary>The route to the far end this transport was opened towards, over <paramref name="channel"/>.</summary>
    SipRoute RouteToTarget(int channel);

    /// <summary>The far host of a route, as <c>received</c> writes it.</summary>
    ReadOnlySpan<byte> PeerHost(SipRoute route);

    /// <summary>The far port of a route, as <c>rport</c> writes it.</summary>
    int PeerPort(SipRoute route);
}
