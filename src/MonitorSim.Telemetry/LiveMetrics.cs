using System.Collections.Frozen;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using HdrHistogram;
using MonitorSim.Load.Measurement;
using MonitorSim.Load.Results;

namespace MonitorSim.Telemetry;

/// <summary>
/// A run's live figures as <see cref="System.Diagnostics.Metrics"/> instruments on the meter <see cref="MeterName"/>,
/// for an OpenTelemetry exporter (<see cref="LiveMetricsExport"/>) or any <see cref="MeterListener"/> to read.
/// </summary>
/// <remarks>
/// <para>
/// It is fed one <see cref="TimelineRow"/> per reporting interval (<see cref="Update"/>), which observable instruments
/// read when an exporter collects, and each interval's latency samples (<see cref="Samples"/>), which go into histograms:
/// the load engine's hot path records nothing here. <see cref="Update"/> runs on the reporter thread and collection on
/// the exporters' threads; the figures are one immutable snapshot, replaced whole, so a collection never sees half an
/// interval.
/// </para>
/// <para>
/// The instruments (names and units the OpenTelemetry way; a Prometheus scrape shows them with dots as underscores,
/// counters ending <c>_total</c>, and units in words, e.g. <c>monitorsim_operations_offered_total</c>,
/// <c>monitorsim_operations_response_time_p99_milliseconds</c>):
/// </para>
/// <list type="table">
/// <listheader><term>instrument</term><description>kind, unit, tags: what it is</description></listheader>
/// <item><term><c>monitorsim.operations.offered</c></term><description>counter, <c>{operation}</c>: operations the
/// generator offered since the run started.</description></item>
/// <item><term><c>monitorsim.operations.completed</c></term><description>counter, <c>{operation}</c>, tag
/// <c>operation</c>: operations answered successfully since the run started, one series per operation (their sum is the
/// run's total).</description></item>
/// <item><term><c>monitorsim.operations.failed</c></term><description>counter, <c>{operation}</c>, tag
/// <c>operation</c>: operations that failed (refused, timed out …), one series per operation.</description></item>
/// <item><term><c>monitorsim.operations.dropped</c></term><description>counter, <c>{operation}</c>: operations that could
/// not start because their stream had too many in flight.</description></item>
/// <item><term><c>monitorsim.operations.in_flight</c></term><description>up-down counter, <c>{operation}</c>:
/// operations started and not yet answered at the end of the last interval.</description></item>
/// <item><term><c>monitorsim.operations.response_time</c></term><description>histogram, <c>ms</c>, tags
/// <c>operation</c> and <c>node</c>: response time (from the intended start) of every answered operation and alarm hop
/// (<c>alarm.point_to_platform</c> …), in the buckets of <see cref="LatencyBucketsMs"/>, so a backend can take any quantile
/// over any window and add nodes up.</description></item>
/// <item><term><c>monitorsim.operations.service_time</c></term><description>histogram, <c>ms</c>, tags <c>operation</c>
/// and <c>node</c>: service time (from the actual start), likewise.</description></item>
/// <item><term><c>monitorsim.generator.lag</c></term><description>histogram, <c>ms</c>, tag <c>node</c>: how late each
/// node's generator issued operations against their schedule.</description></item>
/// <item><term><c>monitorsim.cameras.online</c>, <c>monitorsim.cameras.offline</c></term><description>up-down counters,
/// <c>{camera}</c>: the city's rolled-up camera status at the end of the last interval (0 in a self-test run, which
/// has no tree).</description></item>
/// <item><term><c>monitorsim.alarms.active</c></term><description>up-down counter, <c>{alarm}</c>: active alarms at the
/// city at the end of the last interval.</description></item>
/// <item><term><c>monitorsim.run.warm_up</c></term><description>gauge, no unit: 1 while the run is in its warm-up, else
/// 0.</description></item>
/// </list>
/// <para>
/// The counters and histograms add up every interval, warm-up included (the reports leave warm-up out of their totals;
/// the <c>monitorsim.run.warm_up</c> gauge says which part a figure comes from). The counters read 0 before the first
/// interval; the last-interval instruments have no point until then. The histograms are fed by the load engine as its
/// <see cref="ILatencyListener"/>: once per interval with the interval's samples (HdrHistogram, 3 significant digits),
/// the coordinator's own as node 1 and each worker's, as its report arrives, under the worker's node number.
/// </para>
/// </remarks>
public sealed class LiveMetrics : ILatencyListener, IDisposable
{
    /// <summary>The name of the meter every instrument is on.</summary>
    public const string MeterName = "MonitorSim";

    /// <summary>The tag naming the operation (keepalive, registration, alarm, service_flow, noop …).</summary>
    public const string OperationTag = "operation";

    /// <summary>The tag naming the node whose generator measured a latency (1: the coordinator).</summary>
    public const string NodeTag = "node";

    /// <summary>The latency histograms' bucket bounds in ms: 1, 1.5, 2, 3, 5, 7.5 per decade from 0.1 ms to 60 s, so a
    /// quantile read from the buckets is within about a third of the true value wherever it falls.</summary>
    public static IReadOnlyList<double> LatencyBucketsMs { get; } =
    [
        0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 7.5, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750,
        1_000, 1_500, 2_000, 3_000, 5_000, 7_500, 10_000, 15_000, 20_000, 30_000, 60_000,
    ];

    private readonly Histogram<double> _responseTime;
    private readonly Histogram<double> _serviceTime;
    private readonly Histogram<double> _generatorLag;

    private Snapshot _snapshot = Snapshot.Empty;

    /// <param name="meterName">The meter's name: <see cref="MeterName"/> except where a test needs a meter of its own
    /// (meters are selected by name, process-wide).</param>
    public LiveMetrics(string meterName = MeterName)
    {
        Meter = new Meter(meterName);
        Meter.CreateObservableCounter("monitorsim.operations.offered", () => Current.Offered, "{operation}",
            "Operations the generator offered since the run started (warm-up included)");
        Meter.CreateObservableCounter("monitorsim.operations.completed", () => PerOperation(Current, o => o.Completed), "{operation}",
            "Operations answered successfully since the run started, per operation (warm-up included)");
        Meter.CreateObservableCounter("monitorsim.operations.failed", () => PerOperation(Current, o => o.Failed), "{operation}",
            "Operations that failed since the run started, per operation (warm-up included)");
        Meter.CreateObservableCounter("monitorsim.operations.dropped", () => Current.Dropped, "{operation}",
            "Operations that could not start because too many were in flight, since the run started (warm-up included)");
        Meter.CreateObservableUpDownCounter("monitorsim.operations.in_flight", () => LastInterval(r => r.InFlight), "{operation}",
            "Operations started and not yet answered at the end of the last interval");
        var buckets = new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBucketsMs };
        _responseTime = Meter.CreateHistogram("monitorsim.operations.response_time", "ms",
            "Response time (from the intended start) of answered operations and alarm hops (warm-up included)", null, buckets);
        _serviceTime = Meter.CreateHistogram("monitorsim.operations.service_time", "ms",
            "Service time (from the actual start) of answered operations and alarm hops (warm-up included)", null, buckets);
        _generatorLag = Meter.CreateHistogram("monitorsim.generator.lag", "ms",
            "How late the generator issued operations against their schedule (warm-up included)", null, buckets);
        Meter.CreateObservableUpDownCounter("monitorsim.cameras.online", () => LastInterval(r => (long)r.Tree.CamerasOnline), "{camera}",
            "Cameras online at the city at the end of the last interval");
        Meter.CreateObservableUpDownCounter("monitorsim.cameras.offline", () => LastInterval(r => (long)r.Tree.CamerasOffline), "{camera}",
            "Cameras offline at the city at the end of the last interval");
        Meter.CreateObservableUpDownCounter("monitorsim.alarms.active", () => LastInterval(r => (long)r.Tree.ActiveAlarms), "{alarm}",
            "Active alarms at the city at the end of the last interval");
        Meter.CreateObservableGauge("monitorsim.run.warm_up", () => LastInterval(r => r.WarmUp ? 1 : 0), null,
            "1 while the run is in its warm-up (excluded from the reports' totals), else 0");
    }

    /// <summary>The meter of every instrument.</summary>
    public Meter Meter { get; }

    /// <summary>How many rows have been fed so far.</summary>
    public long Intervals => Current.Intervals;

    private Snapshot Current => Volatile.Read(ref _snapshot);

    /// <summary>Takes one reporting interval: adds its counts to the totals and makes it the last interval.</summary>
    public void Update(TimelineRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        // One writer in practice (the reporter thread); the exchange keeps concurrent writers from losing a row anyway.
        var seen = Current;
        while (true)
        {
            var next = seen.Add(row);
            var found = Interlocked.CompareExchange(ref _snapshot, next, seen);
            if (ReferenceEquals(found, seen)) return;
            seen = found;
        }
    }

    public void Dispose() => Meter.Dispose();

    private static IEnumerable<Measurement<long>> PerOperation(Snapshot s, Func<OperationTotals, long> value)
    {
        foreach (var (name, totals) in s.PerOperation)
            yield return new Measurement<long>(value(totals), new KeyValuePair<string, object?>(OperationTag, name));
    }

    private IEnumerable<Measurement<T>> LastInterval<T>(Func<TimelineRow, T> value) where T : struct
    {
        if (Current.Last is { } row) yield return new Measurement<T>(value(row));
    }

    /// <summary>Records an interval's samples into the series' histogram: each HdrHistogram bucket's value (µs, 3
    /// significant digits) as many times as it was seen, since the instrument API records one value at a time.</summary>
    public void Samples(LatencySeries series, string key, int node, HistogramBase samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var histogram = series switch
        {
            LatencySeries.Response => _responseTime,
            LatencySeries.Service => _serviceTime,
            _ => _generatorLag,
        };
        if (!histogram.Enabled) return;
        var tags = new TagList { { NodeTag, node.ToString(CultureInfo.InvariantCulture) } };
        if (series != LatencySeries.GeneratorLag) tags.Add(OperationTag, key);
        foreach (var bucket in samples.RecordedValues())
        {
            var ms = bucket.ValueIteratedTo / 1000.0;
            for (var i = 0L; i < bucket.CountAtValueIteratedTo; i++) histogram.Record(ms, tags);
        }
    }

    /// <summary>Cumulative completed and failed of one operation.</summary>
    private readonly record struct OperationTotals(long Completed, long Failed);

    /// <summary>Everything the instruments read, replaced whole on every <see cref="Update"/>.</summary>
    private sealed record Snapshot(
        long Intervals,
        long Offered,
        long Dropped,
        FrozenDictionary<string, OperationTotals> PerOperation,
        TimelineRow? Last)
    {
        public static Snapshot Empty { get; } = new(0, 0, 0, FrozenDictionary<string, OperationTotals>.Empty, null);

        public Snapshot Add(TimelineRow row)
        {
            var per = new Dictionary<string, OperationTotals>(PerOperation, StringComparer.Ordinal);
            foreach (var (name, stats) in row.PerOperation)
            {
                per.TryGetValue(name, out var t);
                per[name] = new OperationTotals(t.Completed + stats.Completed, t.Failed + stats.Failed);
            }
            return new Snapshot(Intervals + 1, Offered + row.Offered, Dropped + row.Dropped,
                per.ToFrozenDictionary(StringComparer.Ordinal), row);
        }
    }
}
