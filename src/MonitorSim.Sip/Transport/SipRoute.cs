namespace MonitorSim.Sip.Transport;

/// <summary>
/// Where a message came from or goes to: for UDP the local socket (<paramref name="Channel"/>) and the far address
/// (<paramref name="Peer"/>, an index into the transport's address book); for TCP the connection
/// (<paramref name="Channel"/>; <paramref name="Peer"/> unused).
/// </summary>
public readonly record struct SipRoute(int Channel, int Peer);
