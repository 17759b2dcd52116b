namespace MonitorSim.Load.Results;

/// <summary>One workload stream's response times within one reporting interval.</summary>
/// <param name="Ended">Operations of the stream that ended in the interval (answered, refused or given up): the samples
/// behind the percentiles.</param>
/// <param name="P50">Median response time, ms, from the intended start.</param>
/// <param name="P99">99th percentile response time, ms, from the intended start.</param>
public sealed record StreamIntervalStats(long Ended, double P50, double P99);
