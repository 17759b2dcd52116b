namespace MonitorSim.Load.Results;

/// <summary>One operation's figures within one reporting interval.</summary>
public sealed record IntervalStats(long Completed, long Failed, double P50, double P99);
