namespace MonitorSim.Load.Results;

/// <summary>What happened to the operations offered (after warm-up).</summary>
/// <param name="Offered">Scheduled by the workload.</param>
/// <param name="Completed">Answered Ok.</param>
/// <param name="Failed">Answered with a rejection or failure, or timed out.</param>
/// <param name="Dropped">Could not start (in-flight cap reached); never silently skipped.</param>
/// <param name="TimedOut">Still unanswered when the run's completion timeout ran out (also counted in Failed).</param>
public sealed record OperationCounts(long Offered, long Completed, long Failed, long Dropped, long TimedOut = 0);
