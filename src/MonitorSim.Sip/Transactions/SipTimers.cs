namespace MonitorSim.Sip.Transactions;

/// <summary>
/// RFC 3261 §17.1.1.1 / §17.1.2.2 timer bases: T1 (round-trip estimate, 500 ms), T2 (largest retransmission
/// interval of a non-INVITE request, 4 s), T4 (how long a message may linger in the network, 5 s). Timer E starts at
/// T1 and doubles up to T2, timer F is 64·T1, timer K (and the server's timer J at 64·T1) only over UDP.
/// </summary>
public readonly record struct SipTimers(TimeSpan T1, TimeSpan T2, TimeSpan T4)
{
    /// <summary>The RFC's defaults.</summary>
    public static SipTimers Rfc3261 { get; } = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5));

    /// <summary>Timer F (and J): 64·T1.</summary>
    public TimeSpan TransactionTimeout => T1 * 64;
}
