using HdrHistogram;
using MonitorSim.Load.Results;

namespace MonitorSim.Load.Measurement;

/// <summary>
/// One latency series (e.g. alarm response time): a wait-free HdrHistogram recorder for every sample, read per reporting
/// interval for the timeline, and a second recorder fed only after warm-up whose intervals add up to the run's totals.
/// Values are microseconds, 1 µs to 1 h, 3 significant digits. Recording allocates nothing and is safe from any thread.
/// </summary>
public sealed class LatencyRecorder
{
    private const long Highest = 3_600_000_000L;
    private readonly Recorder _interval = NewRecorder();
    private readonly Recorder _measured = NewRecorder();
    private readonly LongHistogram _total = new(1, Highest, 3);
    private HistogramBase? _recycleInterval;
    private HistogramBase? _recycleMeasured;

    /// <summary>Records a sample given in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
    public void Record(long stopwatchTicks, bool warmUp)
    {
        var us = Math.Clamp(stopwatchTicks * 1_000_000L / System.Diagnostics.Stopwatch.Frequency, 1, Highest);
        _interval.RecordValue(us);
        if (!warmUp) _measured.RecordValue(us);
    }

    /// <summary>Takes the samples since the last call (for one timeline row) and folds the measured ones into the total.
    /// Called from one thread only (the reporter).</summary>
    public HistogramBase TakeInterval()
    {
        var interval = _interval.GetIntervalHistogram(_recycleInterval);
        _recycleInterval = interval;
        var measured = _measured.GetIntervalHistogram(_recycleMeasured);
        _total.Add(measured);
        _recycleMeasured = measured;
        return interval;
    }

    /// <summary>The run's statistics (after warm-up), in milliseconds.</summary>
    public LatencyStats Total() => Stats(_total);

    public static LatencyStats Stats(HistogramBase h) => h.TotalCount == 0
        ? LatencyStats.Empty
        : new LatencyStats(h.TotalCount, h.GetMean() / 1000.0, Ms(h, 50), Ms(h, 90), Ms(h, 99), Ms(h, 99.9), h.GetMaxValue() / 1000.0);

    public static double Ms(HistogramBase h, double percentile) =>
        h.TotalCount == 0 ? 0 : h.GetValueAtPercentile(percentile) / 1000.0;

    // Outcomes are recorded from many threads at once (the actors' dispatcher threads): the recorder's histograms must be
    // the concurrent kind, or samples are lost.
    private static Recorder NewRecorder() =>
        new(1, Highest, 3, (id, low, high, digits) => new LongConcurrentHistogram(id, low, high, digits));
}
