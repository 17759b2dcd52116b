namespace MonitorSim.Load.Results;

/// <summary>Summary of one latency histogram, in milliseconds.</summary>
/// <param name="Extra">Further percentiles the scenario asked for, keyed like the fixed ones (<c>p75</c>, <c>p9999</c>).</param>
/// <param name="Clipped">Of <paramref name="Count"/>, values above the histogram's range (an hour) recorded as its
/// highest: any statistic at <paramref name="Max"/> means "at least that".</param>
public sealed record LatencyStats(long Count, double Mean, double P50, double P90, double P99, double P999, double Max,
    IReadOnlyDictionary<string, double>? Extra = null, long Clipped = 0)
{
    public static LatencyStats Empty { get; } = new(0, 0, 0, 0, 0, 0, 0);

    /// <summary>The percentiles every summary has.</summary>
    public static IReadOnlyList<double> Standard { get; } = [50, 90, 99, 99.9];

    /// <summary>A percentile's key: the number without its decimal point (99.9 → <c>p999</c>, 99.99 → <c>p9999</c>).</summary>
    public static string KeyOf(double percentile) =>
        "p" + percentile.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture).Replace(".", "", StringComparison.Ordinal);

    /// <summary>The value for a percentile key (fixed or extra), or null.</summary>
    public double? Percentile(string key) => key switch
    {
        "p50" => P50,
        "p90" => P90,
        "p99" => P99,
        "p999" => P999,
        _ => Extra is not null && Extra.TryGetValue(key, out var v) ? v : null,
    };
}
