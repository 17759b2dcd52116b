namespace MonitorSim.Harness.Runs;

/// <summary>How long the end-of-run audits may take to read the journal back.</summary>
public static class AuditDeadline
{
    /// <summary>
    /// A minute, plus a millisecond per acknowledged operation. The alarm audit reads every platform's whole stream (its
    /// alarms, clearances and status changes: about six events per alarm at the baseline's mix), the supervision audit
    /// every event of its tags, so the read grows with the run: an hour at 100 × the city's load acknowledged 897,446
    /// alarms, whose streams a fixed minute did not cover on a busy machine.
    /// </summary>
    public static TimeSpan For(int acknowledged) => TimeSpan.FromSeconds(60) + TimeSpan.FromMilliseconds(acknowledged);
}
