using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MonitorSim.Load.Results;
using MonitorSim.Load.Thresholds;

namespace MonitorSim.Reports.Charts;

/// <summary>
/// A run's chart data: the JSON object the chart module (<see cref="ChartAssets.ChartsScript"/>, <c>drawRun</c>) draws
/// from. Series are aligned on the timeline's interval end times <c>t</c>; rates are per second of each interval; a
/// latency of an interval without samples is null (no point), never 0. Its fields are listed in docs/charts.md.
/// </summary>
public static partial class RunChartData
{
    /// <summary>The schema name and version the object carries in <c>schema</c>.</summary>
    public const string Schema = "monitorsim.run-charts/1";

    private static readonly HashSet<string> LatencyStats = ["mean", "p50", "p90", "p99", "p999", "max"];

    private static readonly (string Name, Func<LatencyStats, double> Value)[] Percentiles =
    [
        ("p50", s => s.P50), ("p90", s => s.P90), ("p99", s => s.P99), ("p99.9", s => s.P999), ("max", s => s.Max),
    ];

    [GeneratedRegex(@"^t=(\d+(?:\.\d+)?)s\s+(.*)$", RegexOptions.Singleline)]
    private static partial Regex TimedEvent();

    /// <summary>The chart data of a finished run.</summary>
    public static string Json(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Json(result.Timeline, result.Run.WarmUpS, result.Thresholds, result.Events, result.Latency);
    }

    /// <summary>The chart data of a run so far (the live page): its rows, warm-up, thresholds (as checked so far), events
    /// and, when known, its latency summary per operation and hop (the distribution chart; empty while running).</summary>
    public static string Json(IReadOnlyList<TimelineRow> rows, double warmUpS, IReadOnlyList<ThresholdResult> thresholds,
        IReadOnlyList<string> events, IReadOnlyDictionary<string, LatencyStats>? latency = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("schema", Schema);
            w.WriteNumber("warm_up_s", Round(warmUpS));
            Array(w, "t", rows, r => r.TS);
            Array(w, "interval_s", rows, r => r.IntervalS);
            w.WriteStartObject("totals");
            Array(w, "offered_per_s", rows, r => TimelineCsv.PerSecond(r.Offered, r.IntervalS));
            Array(w, "completed_per_s", rows, r => TimelineCsv.PerSecond(r.Completed, r.IntervalS));
            Array(w, "failed_per_s", rows, r => TimelineCsv.PerSecond(r.Failed, r.IntervalS));
            Array(w, "dropped_per_s", rows, r => TimelineCsv.PerSecond(r.Dropped, r.IntervalS));
            Array(w, "in_flight", rows, r => r.InFlight);
            Array(w, "generator_lag_p99_ms", rows, r => r.GeneratorLagP99Ms);
            w.WriteEndObject();
            WriteGroups(w, rows);
            w.WriteStartObject("tree");
            Array(w, "cameras_online", rows, r => r.Tree.CamerasOnline);
            Array(w, "cameras_offline", rows, r => r.Tree.CamerasOffline);
            Array(w, "alarms_active", rows, r => r.Tree.ActiveAlarms);
            w.WriteEndObject();
            WriteThresholds(w, thresholds);
            WriteEvents(w, events);
            WriteDistribution(w, latency ?? new Dictionary<string, LatencyStats>());
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Per operation: completed and failed per second, p50 and p99 per interval. <c>groups</c> is keyed by what
    /// the series are of, so per-stream series can join as <c>groups.streams</c> in the same shape.</summary>
    private static void WriteGroups(Utf8JsonWriter w, IReadOnlyList<TimelineRow> rows)
    {
        w.WriteStartObject("groups");
        w.WriteStartObject("operations");
        foreach (var op in TimelineCsv.Operations(rows))
        {
            w.WriteStartObject(op);
            Array(w, "completed_per_s", rows, r => r.PerOperation.TryGetValue(op, out var s) ? TimelineCsv.PerSecond(s.Completed, r.IntervalS) : 0);
            Array(w, "failed_per_s", rows, r => r.PerOperation.TryGetValue(op, out var s) ? TimelineCsv.PerSecond(s.Failed, r.IntervalS) : 0);
            Array(w, "p50_ms", rows, r => Sampled(r, op) is { } s ? s.P50 : null);
            Array(w, "p99_ms", rows, r => Sampled(r, op) is { } s ? s.P99 : null);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        WriteStreams(w, rows);
        w.WriteEndObject();
    }

    /// <summary>Per workload stream, when the rows carry them: operations ended per second, p50 and p99 per interval
    /// (null where the stream had no samples).</summary>
    private static void WriteStreams(Utf8JsonWriter w, IReadOnlyList<TimelineRow> rows)
    {
        var names = rows.SelectMany(r => r.PerStream.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0) return;
        w.WriteStartObject("streams");
        foreach (var name in names)
        {
            w.WriteStartObject(name);
            Array(w, "ended_per_s", rows, r => r.PerStream.TryGetValue(name, out var s) ? TimelineCsv.PerSecond(s.Ended, r.IntervalS) : 0);
            Array(w, "p50_ms", rows, r => r.PerStream.TryGetValue(name, out var s) && s is { Ended: > 0, P99: > 0 } ? s.P50 : null);
            Array(w, "p99_ms", rows, r => r.PerStream.TryGetValue(name, out var s) && s is { Ended: > 0, P99: > 0 } ? s.P99 : null);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static IntervalStats? Sampled(TimelineRow row, string op) =>
        row.PerOperation.TryGetValue(op, out var s) && s.Completed + s.Failed > 0 && s.P99 > 0 ? s : null;

    /// <summary>Each threshold a chart can show as a line: latency statistics on the latency chart (ms), generator lag on
    /// the generator chart, rates on the throughput chart. Others (counts, percentages) have no chart to go on.</summary>
    private static void WriteThresholds(Utf8JsonWriter w, IReadOnlyList<ThresholdResult> thresholds)
    {
        w.WriteStartArray("thresholds");
        foreach (var t in thresholds)
        {
            ThresholdExpression e;
            try
            {
                e = ThresholdExpression.Parse(t.Expr);
            }
            catch (ThresholdParseException)
            {
                continue; // the reports' tables show it with its error; there is no line to draw
            }
            var chart = e switch
            {
                { Key: "generator_lag" } when LatencyStats.Contains(e.Stat) => "generator",
                { Key.Length: > 0 } when LatencyStats.Contains(e.Stat) => "latency",
                { Key.Length: > 0, Stat: "rate" } or { Key.Length: 0, Stat: "throughput_ops" } => "throughput",
                _ => null,
            };
            if (chart is null) continue;
            w.WriteStartObject();
            w.WriteString("expr", t.Expr);
            w.WriteString("chart", chart);
            w.WriteString("key", e.Key);
            w.WriteString("stat", e.Stat);
            w.WriteNumber("limit", Round(e.Limit));
            w.WriteBoolean("passed", t.Passed);
            if (t.FirstFailedAtS is { } at) w.WriteNumber("first_failed_at_s", Round(at));
            else w.WriteNull("first_failed_at_s");
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>Events in order; those that say when they happened (<c>t=12.5s …</c>: faults, recoveries, an abort) carry
    /// that time, which the charts mark.</summary>
    private static void WriteEvents(Utf8JsonWriter w, IReadOnlyList<string> events)
    {
        w.WriteStartArray("events");
        foreach (var text in events)
        {
            w.WriteStartObject();
            var m = TimedEvent().Match(text);
            if (m.Success)
            {
                w.WriteNumber("t", double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
                w.WriteString("text", m.Groups[2].Value);
            }
            else
            {
                w.WriteNull("t");
                w.WriteString("text", text);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>The run's percentiles (after warm-up) per operation and hop, hops after their operation.</summary>
    private static void WriteDistribution(Utf8JsonWriter w, IReadOnlyDictionary<string, LatencyStats> latency)
    {
        w.WriteStartObject("distribution");
        w.WriteStartArray("percentiles");
        foreach (var (name, _) in Percentiles) w.WriteStringValue(name);
        w.WriteEndArray();
        w.WriteStartArray("keys");
        foreach (var key in OperationKeys.Ordered(latency.Where(p => p.Value.Count > 0).Select(p => p.Key)))
        {
            w.WriteStartObject();
            w.WriteString("key", key);
            w.WriteBoolean("hop", OperationKeys.IsHop(key));
            w.WriteNumber("count", latency[key].Count);
            w.WriteStartArray("ms");
            foreach (var (_, value) in Percentiles) w.WriteNumberValue(Round(value(latency[key])));
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Array(Utf8JsonWriter w, string name, IReadOnlyList<TimelineRow> rows, Func<TimelineRow, double?> value)
    {
        w.WriteStartArray(name);
        foreach (var row in rows)
        {
            if (value(row) is { } v && double.IsFinite(v)) w.WriteNumberValue(Round(v));
            else w.WriteNullValue();
        }
        w.WriteEndArray();
    }

    /// <summary>Six significant digits at most: the charts need no more, and the page stays small.</summary>
    internal static double Round(double v) =>
        v == 0 || !double.IsFinite(v) ? 0 : Math.Round(v, Math.Clamp(5 - (int)Math.Floor(Math.Log10(Math.Abs(v))), 0, 12));
}
