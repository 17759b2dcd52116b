namespace MonitorSim.Load.Results;

/// <summary>Summary of one latency histogram, in milliseconds.</summary>
public sealed record LatencyStats(long Count, double Mean, double P50, double P90, double P99, double P999, double Max)
{
    public static LatencyStats Empty { get; } = new(0, 0, 0, 0, 0, 0, 0);
}
