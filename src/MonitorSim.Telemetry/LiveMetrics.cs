using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using MonitorSim.Load.Results;

namespace MonitorSim.Telemetry;

/// <summary>
/// A run's live figures as <see cref="System.Diagnostics.Metrics"/> instruments on the meter <see cref="MeterName"/>,
/// for an OpenTelemetry exporter (<see cref="LiveMetricsExport"/>) or any <see cref="MeterListener"/> to read.
/// </summary>
/// <remarks>
/// <para>
/// It is fed one <see cref="TimelineRow"/> per reporting interval (<see cref="Update"/>) and exposes only observable
/// instruments, which read the latest figures when an exporter collects: the load engine's hot path records nothing here.
/// <see cref="Update"/> runs on the reporter thread and collection on the exporters' threads; the figures are one
/// immutable snapshot, replaced whole, so a collection never sees half an interval.
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
/// <item><term><c>monitorsim.operations.response_time.p50</c>, <c>monitorsim.operations.response_time.p99</c></term>
/// <description>gauges, <c>ms</c>, tag <c>operation</c>: median and 99th percentile response time (from the intended
/// start) of the operations answered in the last interval; an operation with no answers in it has no point.</description></item>
/// <item><term><c>monitorsim.generator.lag.p99</c></term><description>gauge, <c>ms</c>: 99th percentile of how late the
/// generator issued operations in the last interval.</description></item>
/// <item><term><c>monitorsim.cameras.online</c>, <c>monitorsim.cameras.offline</c></term><description>up-down counters,
/// <c>{camera}</c>: the city's rolled-up camera status at the end of the last interval (0 in a self-test run, which
/// has no tree).</description></item>
/// <item><term><c>monitorsim.alarms.active</c></term><description>up-down counter, <c>{alarm}</c>: active alarms at the
/// city at the end of the last interval.</description></item>
/// <item><term><c>monitorsim.run.warm_up</c></term><description>gauge, no unit: 1 while the run is in its warm-up, else
/// 0.</description></item>
/// </list>
/// <para>
/// The counters add up every interval, warm-up included (the reports leave warm-up out of their totals; the
/// <c>monitorsim.run.warm_up</c> gauge says which part a figure comes from). The counters read 0 before the first
/// interval; the last-interval instruments have no point until then.
/// </para>
/// </remarks>
public sealed class LiveMetrics : IDisposable
{
    /// <summary>The name of the meter every instrument is on.</summary>
    public const string MeterName = "MonitorSim";

    /// <summary>The tag naming the operation (keepalive, registration, alarm, service_flow, noop …).</summary>
    public const string OperationTag = "operation";

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
        Meter.CreateObservableGauge("monitorsim.operations.response_time.p50", () => LastLatency(s => s.P50), "ms",
            "Median response time (from the intended start) of the operations answered in the last interval");
        Meter.CreateObservableGauge("monitorsim.operations.response_time.p99", () => LastLatency(s => s.P99), "ms",
            "99th percentile response time (from the intended start) of the operations answered in the last interval");
        Meter.CreateObservableGauge("monitorsim.generator.lag.p99", () => LastInterval(r => r.GeneratorLagP99Ms), "ms",
            "99th percentile of how late the generator issued operations in the last interval");
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

    private IEnumerable<Measurement<double>> LastLatency(Func<IntervalStats, double> value)
    {
        if (Current.Last is not { } row) yield break;
        foreach (var (name, stats) in row.PerOperation)
            yield return new Measurement<double>(value(stats), new KeyValuePair<string, object?>(OperationTag, name));
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
