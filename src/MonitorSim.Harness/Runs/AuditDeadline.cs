namespace MonitorSim.Harness.Runs;

/// <summary>How long the end-of-run audits may take to read the journal back.</summary>
public static class AuditDeadline
{
    /// <summary>
    /// A minute, plus a millisecond per acknowledged operation still to be found. The supervision audit reads every event
    /// of its tags after the run, so its read grows with the run; the alarm audit's last round reads only what was written
    /// since its previous round (<see cref="AlarmAuditor.Interval"/>), but after a store outage it may have more to catch
    /// up on. (An hour at 100 × the city's load acknowledged 897,446 alarms, whose streams a fixed minute did not cover on
    /// a busy machine when they were all read after the run.)
    /// </summary>
    public static TimeSpan For(long acknowledged) => TimeSpan.FromSeconds(60) + TimeSpan.FromMilliseconds(acknowledged);
}
