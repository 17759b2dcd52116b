namespace MonitorSim.Load.Results;

/// <summary>One reporting interval of a run (a row of timeline.csv).</summary>
/// <param name="TS">Seconds since the run started (end of the interval).</param>
/// <param name="WarmUp">Whether the interval ended (to the millisecond of <paramref name="TS"/>) within the warm-up, whose
/// operations are excluded from statistics.</param>
/// <param name="IntervalS">Length of the interval in seconds.</param>
/// <param name="PerOperation">Per operation name (keepalive, registration, alarm, service_flow …).</param>
public sealed record TimelineRow(
    double TS,
    bool WarmUp,
    double IntervalS,
    long Offered,
    long Completed,
    long Failed,
    long Dropped,
    long InFlight,
    double GeneratorLagP99Ms,
    IReadOnlyDictionary<string, IntervalStats> PerOperation,
    TreeStatus Tree)
{
    private static readonly IReadOnlyDictionary<string, StreamIntervalStats> NoStreams = new Dictionary<string, StreamIntervalStats>();

    /// <summary>Per workload stream (by its name): response times of the interval; a stream without samples in it is absent.</summary>
    public IReadOnlyDictionary<string, StreamIntervalStats> PerStream { get; init; } = NoStreams;

    /// <summary>When the interval ended, by the wall clock (UTC); null for rows read back from files. The live dashboard
    /// measures its update delay from it.</summary>
    public DateTime? EndedUtc { get; init; }

    /// <summary>The generating process's working set when the interval ended, in MB (on one node: the whole tree's
    /// process); null for rows read back from files. The soak reads memory over the hour from it.</summary>
    public double? WorkingSetMb { get; init; }
}
