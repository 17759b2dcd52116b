using HdrHistogram;
using MonitorSim.Load.Results;

namespace MonitorSim.Load.Measurement;

/// <summary>
/// One latency series (e.g. alarm response time): two HdrHistogram recorders, one for warm-up samples and one for the
/// rest; both are read per reporting interval for the timeline, and the measured one's intervals add up to the totals.
/// Values are microseconds, 1 µs to 1 h, 3 significant digits. Recording allocates nothing and is safe from any thread.
/// </summary>
public sealed class LatencyRecorder
{
    /// <summary>The longest latency a histogram holds, in microseconds (an hour).</summary>
    public const long Highest = 3_600_000_000L;
    private readonly Recorder _warmUp = NewRecorder();
    private readonly Recorder _measured = NewRecorder();
    private readonly LongHistogram _total = new(1, Highest, 3);
    private readonly LongHistogram _interval = new(1, Highest, 3);
    private HistogramBase? _recycleWarmUp;
    private HistogramBase? _recycleMeasured;
    // Samples recorded by another node's load generator, folded into the next interval (see Absorb).
    private readonly LongHistogram _absorbedWarmUp = new(1, Highest, 3);
    private readonly LongHistogram _absorbedMeasured = new(1, Highest, 3);

    /// <summary>Records a sample given in <see cref="System.Diagnostics.Stopwatch"/> ticks. Each sample goes into exactly
    /// one recorder (this runs on the system's threads, so it is kept as cheap as a concurrent record can be).</summary>
    public void Record(long stopwatchTicks, bool warmUp)
    {
        var us = Math.Clamp(stopwatchTicks * 1_000_000L / System.Diagnostics.Stopwatch.Frequency, 1, Highest);
        (warmUp ? _warmUp : _measured).RecordValue(us);
    }

    /// <summary>Takes the samples since the last call (for one timeline row, warm-up included) and folds the measured
    /// ones into the total. Called from one thread only (the reporter); the histogram returned is reused by the next call.
    /// <paramref name="own"/>, if given, hears this node's own samples first (warm-up and measured, each when any), not
    /// those absorbed from other nodes.</summary>
    public HistogramBase TakeInterval(Action<HistogramBase>? own = null)
    {
        var (warm, measured) = TakeRecorded();
        if (own is not null)
        {
            if (warm.TotalCount > 0) own(warm);
            if (measured.TotalCount > 0) own(measured);
        }
        _interval.Reset();
        _interval.Add(warm);
        _interval.Add(measured);
        lock (_absorbedMeasured)
        {
            _total.Add(_absorbedMeasured);
            _interval.Add(_absorbedWarmUp);
            _interval.Add(_absorbedMeasured);
            _absorbedWarmUp.Reset();
            _absorbedMeasured.Reset();
        }
        return _interval;
    }

    /// <summary>The warm-up and measured samples since the last call, encoded for another node to <see cref="Absorb"/>,
    /// folding the measured ones into this recorder's total. Used instead of <see cref="TakeInterval"/>, from one thread only.</summary>
    public (byte[] WarmUp, byte[] Measured) TakeIntervalEncoded()
    {
        var (warm, measured) = TakeRecorded();
        return (Encode(warm), Encode(measured));
    }

    /// <summary>The samples recorded since the last take, warm-up and measured, folding the measured ones into the total.
    /// The histograms are reused by the next take.</summary>
    private (HistogramBase WarmUp, HistogramBase Measured) TakeRecorded()
    {
        var warm = _warmUp.GetIntervalHistogram(_recycleWarmUp);
        _recycleWarmUp = warm;
        var measured = _measured.GetIntervalHistogram(_recycleMeasured);
        _recycleMeasured = measured;
        _total.Add(measured);
        return (warm, measured);
    }

    /// <summary>Adds samples another node recorded (from its <see cref="TakeIntervalEncoded"/>): they join the next
    /// interval, and the measured ones the total. Safe from any thread.</summary>
    public void Absorb(byte[] warmUp, byte[] measured)
    {
        lock (_absorbedMeasured)
        {
            Decode(warmUp, _absorbedWarmUp);
            Decode(measured, _absorbedMeasured);
        }
    }

    /// <summary>
    /// A histogram's buckets as varint pairs (value step from the previous bucket, count): recording each bucket's highest
    /// equivalent value again lands in the same bucket, so the copy is exact at the histogram's precision, and the steps
    /// and counts are small numbers, a few bytes a bucket.
    /// </summary>
    internal static byte[] Encode(HistogramBase h)
    {
        if (h.TotalCount == 0) return [];
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer);
        long previous = 0;
        foreach (var v in h.RecordedValues())
        {
            writer.Write7BitEncodedInt64(v.ValueIteratedTo - previous);
            writer.Write7BitEncodedInt64(v.CountAtValueIteratedTo);
            previous = v.ValueIteratedTo;
        }
        writer.Flush();
        return buffer.ToArray();
    }

    internal static void Decode(byte[] encoded, HistogramBase into)
    {
        if (encoded.Length == 0) return;
        using var reader = new BinaryReader(new MemoryStream(encoded));
        long value = 0;
        while (reader.BaseStream.Position < encoded.Length)
        {
            value += reader.Read7BitEncodedInt64();
            into.RecordValueWithCount(Math.Clamp(value, 1, Highest), reader.Read7BitEncodedInt64());
        }
    }

    /// <summary>The run's statistics (after warm-up), in milliseconds, with any <paramref name="extraPercentiles"/>.</summary>
    public LatencyStats Total(IReadOnlyList<double>? extraPercentiles = null) => Stats(_total, extraPercentiles);

    public static LatencyStats Stats(HistogramBase h, IReadOnlyList<double>? extraPercentiles = null)
    {
        if (h.TotalCount == 0) return LatencyStats.Empty;
        var extra = extraPercentiles is { Count: > 0 }
            ? extraPercentiles.ToDictionary(LatencyStats.KeyOf, p => Ms(h, p))
            : null;
        return new LatencyStats(h.TotalCount, h.GetMean() / 1000.0, Ms(h, 50), Ms(h, 90), Ms(h, 99), Ms(h, 99.9), h.GetMaxValue() / 1000.0, extra);
    }

    public static double Ms(HistogramBase h, double percentile) =>
        h.TotalCount == 0 ? 0 : h.GetValueAtPercentile(percentile) / 1000.0;

    // Outcomes are recorded from many threads at once (the actors' dispatcher threads): the recorder's histograms must be
    // the concurrent kind, or samples are lost.
    private static Recorder NewRecorder() =>
        new(1, Highest, 3, (id, low, high, digits) => new LongConcurrentHistogram(id, low, high, digits));
}
