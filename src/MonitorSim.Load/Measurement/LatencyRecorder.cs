using HdrHistogram;
using MonitorSim.Load.Results;

namespace MonitorSim.Load.Measurement;

/// <summary>
/// One latency series (e.g. alarm response time): two HdrHistogram recorders, one for warm-up samples and one for the
/// rest; both are read per reporting interval for the timeline, and the measured one's intervals add up to the totals.
/// Values are microseconds, 1 µs to 1 h, 3 significant digits. A longer value saturates: it is recorded as the hour and
/// counted as clipped (<see cref="LatencyStats.Clipped"/>), so a percentile above the hour reads "at least an hour" rather
/// than a wrong small number. Recording allocates nothing and is safe from any thread.
/// <para>A histogram of this range has about 23,000 buckets (190 KB), and taking, clearing or adding one walks all of
/// them whatever it holds. A run reads a few dozen recorders every interval, most of them empty at a light load (the
/// warm-up's after the warm-up, the boot streams', the hops of an alarm-free second), and walking them all cost the node
/// 0.03–0.05 cores at any load (docs/sizing.md, "The node's fixed cost"): so a recorder counts what it has recorded since
/// the last take and an empty one is neither taken nor added.</para>
/// </summary>
public sealed class LatencyRecorder
{
    /// <summary>The longest latency a histogram holds, in microseconds (an hour).</summary>
    public const long Highest = 3_600_000_000L;
    private readonly Recorder _warmUp = NewRecorder();
    private readonly Recorder _measured = NewRecorder();
    private readonly LongHistogram _total = new(1, Highest, 3);
    private readonly LongHistogram _interval = new(1, Highest, 3);
    // What a take of a recorder that recorded nothing returns: never written.
    private static readonly LongHistogram Empty = new(1, Highest, 3);
    // Samples recorded since the last take, per recorder: zero means the take has nothing to read (see TakeRecorded).
    private long _warmUpSinceTake;
    private long _measuredSinceTake;
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
        // Counted after recording: a take that reads zero leaves a sample recorded meanwhile for the next take, never loses it.
        if (warmUp)
        {
            _warmUp.RecordValue(us);
            Interlocked.Increment(ref _warmUpSinceTake);
        }
        else
        {
            _measured.RecordValue(us);
            Interlocked.Increment(ref _measuredSinceTake);
        }
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
        var (warm, measured, clipped) = TakeRecorded();
        if (measured.TotalCount > 0) _total.Add(measured);
        _clippedTotal += clipped;
        if (own is not null)
        {
            if (warm.TotalCount > 0) own(warm);
            if (measured.TotalCount > 0) own(measured);
        }
        lock (_absorbGate)
        {
            var absorbedWarm = _absorbedWarmUp is { TotalCount: > 0 } ? _absorbedWarmUp : null;
            var absorbedMeasured = _absorbedMeasured is { TotalCount: > 0 } ? _absorbedMeasured : null;
            _clippedTotal += _clippedAbsorbed;
            _clippedAbsorbed = 0;
            if (absorbedMeasured is not null) _total.Add(absorbedMeasured);
            // Only this node's warm-up or measured samples: that histogram is the interval, no copy (it is reused by the
            // next take, as _interval would be). Absorbed samples are reset below, so they are always copied.
            if (absorbedWarm is null && absorbedMeasured is null && (warm.TotalCount == 0 || measured.TotalCount == 0))
                return measured.TotalCount > 0 ? measured : warm.TotalCount > 0 ? warm : Empty;
            if (_interval.TotalCount > 0) _interval.Reset();
            if (warm.TotalCount > 0) _interval.Add(warm);
            if (measured.TotalCount > 0) _interval.Add(measured);
            if (absorbedWarm is not null)
            {
                _interval.Add(absorbedWarm);
                absorbedWarm.Reset();
            }
            if (absorbedMeasured is not null)
            {
                _interval.Add(absorbedMeasured);
                absorbedMeasured.Reset();
            }
            return _interval;
        }
    }

    /// <summary>The warm-up and measured samples since the last call, encoded for another node to <see cref="Absorb"/>.
    /// Used instead of <see cref="TakeInterval"/> (a worker's), from one thread only. They are not folded into this
    /// recorder's <see cref="Total"/>: the node that absorbs them totals them, and nothing reads a worker's totals, while
    /// folding walked all 23,000 buckets of the total four times a second for every busy recorder (a quarter of an idle
    /// worker's CPU, docs/sizing.md, "What a second node costs").</summary>
    public (byte[] WarmUp, byte[] Measured) TakeIntervalEncoded()
    {
        var (warm, measured, clipped) = TakeRecorded();
        return (Encode(warm, 0), Encode(measured, clipped));
    }

    /// <summary>The samples recorded since the last take, warm-up and measured, and how many measured values were clipped
    /// meanwhile. The histograms are reused by the next take.</summary>
    private (HistogramBase WarmUp, HistogramBase Measured, long Clipped) TakeRecorded()
    {
        var warm = Take(_warmUp, ref _warmUpSinceTake, ref _recycleWarmUp);
        var measured = Take(_measured, ref _measuredSinceTake, ref _recycleMeasured);
        // Read after the histogram: a value clipped while it was taken counts now or with the next take, never twice.
        return (warm, measured, Interlocked.Exchange(ref _clippedRecorded, 0));
    }

    /// <summary>The samples <paramref name="recorder"/> holds since the last take, or <see cref="Empty"/> without touching it
    /// when it has recorded none (<paramref name="sinceTake"/> is zero).</summary>
    private static HistogramBase Take(Recorder recorder, ref long sinceTake, ref HistogramBase? recycle)
    {
        if (Interlocked.Exchange(ref sinceTake, 0) == 0) return Empty;
        var taken = recorder.GetIntervalHistogram(recycle);
        recycle = taken;
        return taken;
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

    /// <summary>A histogram's statistics in milliseconds; <paramref name="clipped"/> of its values were above its range.
    /// One walk over the recorded buckets gives them all, the same values as HdrHistogram's <c>GetMean</c>,
    /// <c>GetMaxValue</c> and <c>GetValueAtPercentile</c>, which walk it once each (a run with thresholds reads every
    /// recorder's statistics every interval: 23,000 buckets a walk).</summary>
    public static LatencyStats Stats(HistogramBase h, IReadOnlyList<double>? extraPercentiles = null, long clipped = 0)
    {
        ArgumentNullException.ThrowIfNull(h);
        var total = h.TotalCount;
        if (total == 0) return LatencyStats.Empty;
        const int fixedCount = 4; // p50, p90, p99, p99.9
        var extraCount = extraPercentiles?.Count ?? 0;
        var percentiles = new double[fixedCount + extraCount];
        (percentiles[0], percentiles[1], percentiles[2], percentiles[3]) = (50, 90, 99, 99.9);
        for (var i = 0; i < extraCount; i++) percentiles[fixedCount + i] = extraPercentiles![i];
        var values = Walk(h, percentiles, out var mean, out var max);
        var extra = extraCount > 0
            ? extraPercentiles!.Select((p, i) => (Key: LatencyStats.KeyOf(p), Ms: values[fixedCount + i] / 1000.0))
                .ToDictionary(e => e.Key, e => e.Ms)
            : null;
        return new LatencyStats(total, mean / 1000.0, values[0] / 1000.0, values[1] / 1000.0, values[2] / 1000.0, values[3] / 1000.0,
            max / 1000.0, extra, clipped);
    }

    /// <summary>
    /// The value at each of <paramref name="percentiles"/>, the mean and the highest value of a histogram that is not empty,
    /// in one walk over its recorded buckets. As HdrHistogram defines them: the value at percentile p is the highest value
    /// equivalent to the first bucket whose cumulative count reaches max(1, ⌊p/100 × count + 0.5⌋) (p capped at 100); the
    /// mean is the iteration's total value over the count; the maximum the highest value equivalent to the last bucket.
    /// </summary>
    private static long[] Walk(HistogramBase h, double[] percentiles, out double mean, out long max)
    {
        var total = h.TotalCount;
        var targets = new long[percentiles.Length];
        for (var i = 0; i < percentiles.Length; i++)
            targets[i] = Math.Max(1, (long)(Math.Min(percentiles[i], 100.0) / 100.0 * total + 0.5));
        var values = new long[percentiles.Length];
        var found = new bool[percentiles.Length];
        long last = 0, totalValue = 0;
        foreach (var v in h.RecordedValues())
        {
            for (var i = 0; i < targets.Length; i++)
            {
                if (found[i] || v.TotalCountToThisValue < targets[i]) continue;
                values[i] = v.ValueIteratedTo;
                found[i] = true;
            }
            last = v.ValueIteratedTo;
            totalValue = v.TotalValueToThisValue;
        }
        mean = totalValue * 1.0 / total;
        max = h.HighestEquivalentValue(last);
        return values;
    }

    public static double Ms(HistogramBase h, double percentile) =>
        h.TotalCount == 0 ? 0 : h.GetValueAtPercentile(percentile) / 1000.0;

    // Outcomes are recorded from many threads at once (the actors' dispatcher threads): the recorder's histograms must be
    // the concurrent kind, or samples are lost.
    private static Recorder NewRecorder() =>
        new(1, Highest, 3, (id, low, high, digits) => new LongConcurrentHistogram(id, low, high, digits));
}
