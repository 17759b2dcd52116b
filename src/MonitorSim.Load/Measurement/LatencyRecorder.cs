using HdrHistogram;
using MonitorSim.Load.Results;

namespace MonitorSim.Load.Measurement;

/// <summary>
/// One latency series (e.g. alarm response time): two HdrHistogram recorders, one for warm-up samples and one for the
/// rest; both are read per reporting interval for the timeline, and the measured one's intervals add up to the totals.
/// Values are microseconds, 1 µs to 1 h, 3 significant digits. A longer value saturates: it is recorded as the hour and
/// counted as clipped (<see cref="LatencyStats.Clipped"/>), so a percentile above the hour reads "at least an hour" rather
/// than a wrong small number. Recording allocates nothing and is safe from any thread.
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
    // Samples recorded by another node's load generator, folded into the next interval (see Absorb); made on the first
    // (only a multi-node run's coordinator absorbs, and a histogram of this range is about 190 KB).
    private readonly Lock _absorbGate = new();
    private LongHistogram? _absorbedWarmUp;
    private LongHistogram? _absorbedMeasured;
    // Measured values above Highest: recorded since the last take, absorbed from other nodes, and in the total.
    private long _clippedRecorded;
    private long _clippedAbsorbed;
    private long _clippedTotal;

    /// <summary>Records a sample given in <see cref="System.Diagnostics.Stopwatch"/> ticks. Each sample goes into exactly
    /// one recorder (this runs on the system's threads, so it is kept as cheap as a concurrent record can be).</summary>
    public void Record(long stopwatchTicks, bool warmUp)
    {
        var us = Microseconds(stopwatchTicks);
        if (us > Highest)
        {
            us = Highest;
            if (!warmUp) Interlocked.Increment(ref _clippedRecorded);
        }
        else if (us < 1)
        {
            us = 1; // a negative span (clocks of two processes) or under a microsecond: the histogram's floor
        }
        (warmUp ? _warmUp : _measured).RecordValue(us);
    }

    /// <summary>Stopwatch ticks in whole microseconds, truncated, for any span a long holds: whole seconds and the rest are
    /// scaled apart, since ticks × 10⁶ overflows a long past about 2.5 hours at a 1 GHz Stopwatch.</summary>
    public static long Microseconds(long stopwatchTicks)
    {
        var frequency = System.Diagnostics.Stopwatch.Frequency;
        return stopwatchTicks / frequency * 1_000_000L + stopwatchTicks % frequency * 1_000_000L / frequency;
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
        lock (_absorbGate)
        {
            if (_absorbedWarmUp is null || _absorbedMeasured is null) return _interval;
            _total.Add(_absorbedMeasured);
            _interval.Add(_absorbedWarmUp);
            _interval.Add(_absorbedMeasured);
            _absorbedWarmUp.Reset();
            _absorbedMeasured.Reset();
            _clippedTotal += _clippedAbsorbed;
            _clippedAbsorbed = 0;
        }
        return _interval;
    }

    /// <summary>The warm-up and measured samples since the last call, encoded for another node to <see cref="Absorb"/>,
    /// folding the measured ones into this recorder's total. Used instead of <see cref="TakeInterval"/>, from one thread only.</summary>
    public (byte[] WarmUp, byte[] Measured) TakeIntervalEncoded()
    {
        var clippedBefore = _clippedTotal;
        var (warm, measured) = TakeRecorded();
        return (Encode(warm, 0), Encode(measured, _clippedTotal - clippedBefore));
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
        // Read after the histogram: a value clipped while it was taken counts now or with the next take, never twice.
        _clippedTotal += Interlocked.Exchange(ref _clippedRecorded, 0);
        return (warm, measured);
    }

    /// <summary>Adds samples another node recorded (from its <see cref="TakeIntervalEncoded"/>): they join the next
    /// interval, and the measured ones the total. Safe from any thread.</summary>
    public void Absorb(byte[] warmUp, byte[] measured)
    {
        lock (_absorbGate)
        {
            Decode(warmUp, _absorbedWarmUp ??= new LongHistogram(1, Highest, 3));
            _clippedAbsorbed += Decode(measured, _absorbedMeasured ??= new LongHistogram(1, Highest, 3));
        }
    }

    /// <summary>
    /// A histogram's buckets as varint pairs (value step from the previous bucket, count), after how many of its values
    /// were clipped: recording each bucket's highest equivalent value again lands in the same bucket, so the copy is exact
    /// at the histogram's precision, and the steps and counts are small numbers, a few bytes a bucket.
    /// </summary>
    internal static byte[] Encode(HistogramBase h, long clipped)
    {
        if (h.TotalCount == 0) return [];
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer);
        writer.Write7BitEncodedInt64(clipped);
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

    /// <summary>Adds what <see cref="Encode"/> wrote to <paramref name="into"/>; returns how many values were clipped.</summary>
    internal static long Decode(byte[] encoded, HistogramBase into)
    {
        if (encoded.Length == 0) return 0;
        using var reader = new BinaryReader(new MemoryStream(encoded));
        var clipped = reader.Read7BitEncodedInt64();
        long value = 0;
        while (reader.BaseStream.Position < encoded.Length)
        {
            value += reader.Read7BitEncodedInt64();
            into.RecordValueWithCount(Math.Clamp(value, 1, Highest), reader.Read7BitEncodedInt64());
        }
        return clipped;
    }

    /// <summary>The run's statistics (after warm-up), in milliseconds, with any <paramref name="extraPercentiles"/>.</summary>
    public LatencyStats Total(IReadOnlyList<double>? extraPercentiles = null) => Stats(_total, extraPercentiles, _clippedTotal);

    /// <summary>A histogram's statistics in milliseconds; <paramref name="clipped"/> of its values were above its range.</summary>
    public static LatencyStats Stats(HistogramBase h, IReadOnlyList<double>? extraPercentiles = null, long clipped = 0)
    {
        if (h.TotalCount == 0) return LatencyStats.Empty;
        var extra = extraPercentiles is { Count: > 0 }
            ? extraPercentiles.ToDictionary(LatencyStats.KeyOf, p => Ms(h, p))
            : null;
        return new LatencyStats(h.TotalCount, h.GetMean() / 1000.0, Ms(h, 50), Ms(h, 90), Ms(h, 99), Ms(h, 99.9), h.GetMaxValue() / 1000.0, extra,
            clipped);
    }

    public static double Ms(HistogramBase h, double percentile) =>
        h.TotalCount == 0 ? 0 : h.GetValueAtPercentile(percentile) / 1000.0;

    // Outcomes are recorded from many threads at once (the actors' dispatcher threads): the recorder's histograms must be
    // the concurrent kind, or samples are lost.
    private static Recorder NewRecorder() =>
        new(1, Highest, 3, (id, low, high, digits) => new LongConcurrentHistogram(id, low, high, digits));
}
