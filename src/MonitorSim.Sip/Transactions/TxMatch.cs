namespace MonitorSim.Sip.Transactions;

/// <summary>What a response turned out to be for the client transactions (RFC 3261 §17.1.3 matching).</summary>
public enum TxMatch : byte
{
    /// <summary>The final response of a transaction in progress: it completes.</summary>
    Final,
    /// <summary>A 1xx: the transaction goes on (Proceeding).</summary>
    Provisional,
    /// <summary>A retransmitted final response of a completed transaction: absorbed (timer K).</summary>
    Duplicate,
    /// <summary>No transaction of this stack has that branch (or it ended long ago, or it is another run's).</summary>
    Stray,
    /// <summary>The branch names a transaction whose Call-ID or CSeq differ: not its response.</summary>
    Mismatch,
}
