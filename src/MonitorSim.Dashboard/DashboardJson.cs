using System.Text;
using System.Text.Json;
using MonitorSim.Load.Results;
using MonitorSim.Reports;
using MonitorSim.Reports.Charts;

namespace MonitorSim.Dashboard;

/// <summary>
/// The JSON the page reads (<c>monitorsim.dashboard/1</c>, fields in docs/dashboard.md): the phase, the current window,
/// its chart data in the reports' own schema (<see cref="RunChartData"/>) for the rows the client lacks, the latest
/// interval's figures, thresholds so far, nodes, trials, and at the end summary.json's object and the report links.
/// Numbers carry at most six significant digits, as in the chart data.
/// </summary>
internal static class DashboardJson
{
    public const string Schema = "monitorsim.dashboard/1";

    public static string Write(DashboardView v)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("schema", Schema);
            w.WriteString("kind", v.Kind);
            w.WriteString("title", v.Title);
            w.WriteString("phase", v.Phase.ToString().ToLowerInvariant());
            w.WriteString("message", v.Message);
            w.WriteNumber("version", v.Version);
            w.WriteNumber("sent_unix_ms", UnixMs(v.SentUtc));
            WriteWindow(w, v.Window);
            WriteLatest(w, v.Window.Latest);
            WriteThresholds(w, v.Window.Thresholds);
            w.WriteStartArray("nodes");
            foreach (var n in v.Nodes)
            {
                w.WriteStartObject();
                w.WriteNumber("node", n.Number);
                Number(w, "busy_cores", n.BusyCores);
                Number(w, "memory_mb", n.MemoryMb);
                w.WriteBoolean("lost", n.Lost);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            WriteTrials(w, v.Trials);
            w.WriteStartArray("info");
            foreach (var line in v.Info) w.WriteStringValue(line);
            w.WriteEndArray();
            if (v.Final is { } f)
            {
                w.WritePropertyName("final");
                w.WriteRawValue(f.Json);
                w.WriteStartArray("reports");
                foreach (var name in f.Reports) w.WriteStringValue(name);
                w.WriteEndArray();
                w.WriteString("folder", f.Folder);
            }
            else
            {
                w.WriteNull("final");
                w.WriteStartArray("reports");
                w.WriteEndArray();
                w.WriteNull("folder");
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The window, and the chart data of its rows from <c>from_row</c> on: the client appends them to what it has
    /// (thresholds, events and distribution are whole each time).</summary>
    private static void WriteWindow(Utf8JsonWriter w, WindowView window)
    {
        w.WriteStartObject("window");
        w.WriteNumber("number", window.Number);
        w.WriteString("label", window.Start?.Label);
        Number(w, "duration_s", window.Start?.DurationS);
        Number(w, "warm_up_s", window.Start?.WarmUpS);
        Number(w, "load_factor", window.Start?.LoadFactor);
        w.WriteNumber("rows", window.RowCount);
        w.WriteNumber("from_row", window.FromRow);
        w.WriteEndObject();
        w.WritePropertyName("charts");
        w.WriteRawValue(RunChartData.Json(window.NewRows, window.Start?.WarmUpS ?? 0, window.Thresholds, window.Events));
    }

    private static void WriteLatest(Utf8JsonWriter w, TimelineRow? row)
    {
        if (row is null)
        {
            w.WriteNull("latest");
            return;
        }
        w.WriteStartObject("latest");
        w.WriteNumber("t", R(row.TS));
        w.WriteBoolean("warm_up", row.WarmUp);
        w.WriteNumber("interval_s", R(row.IntervalS));
        Number(w, "ended_unix_ms", row.EndedUtc is { } e ? UnixMs(e) : null);
        w.WriteNumber("offered_per_s", R(PerSecond(row.Offered, row.IntervalS)));
        w.WriteNumber("completed_per_s", R(PerSecond(row.Completed, row.IntervalS)));
        w.WriteNumber("failed_per_s", R(PerSecond(row.Failed, row.IntervalS)));
        w.WriteNumber("dropped_per_s", R(PerSecond(row.Dropped, row.IntervalS)));
        w.WriteNumber("in_flight", row.InFlight);
        w.WriteNumber("generator_lag_p99_ms", R(row.GeneratorLagP99Ms));
        w.WriteNumber("cameras_online", row.Tree.CamerasOnline);
        w.WriteNumber("cameras_offline", row.Tree.CamerasOffline);
        w.WriteNumber("alarms_active", row.Tree.ActiveAlarms);
        w.WriteStartObject("operations");
        foreach (var (name, s) in row.PerOperation.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject(name);
            w.WriteNumber("completed_per_s", R(PerSecond(s.Completed, row.IntervalS)));
            w.WriteNumber("failed_per_s", R(PerSecond(s.Failed, row.IntervalS)));
            w.WriteNumber("p50_ms", R(s.P50));
            w.WriteNumber("p99_ms", R(s.P99));
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject("streams");
        foreach (var (name, s) in row.PerStream.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject(name);
            w.WriteNumber("ended_per_s", R(PerSecond(s.Ended, row.IntervalS)));
            w.WriteNumber("p50_ms", R(s.P50));
            w.WriteNumber("p99_ms", R(s.P99));
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteThresholds(Utf8JsonWriter w, IReadOnlyList<ThresholdResult> thresholds)
    {
        w.WriteStartArray("thresholds");
        foreach (var t in thresholds)
        {
            w.WriteStartObject();
            w.WriteString("expr", t.Expr);
            Number(w, "value", t.Value);
            w.WriteBoolean("passed", t.Passed);
            w.WriteNumber("checks", t.Checks);
            w.WriteNumber("failed_checks", t.FailedChecks);
            Number(w, "first_failed_at_s", t.FirstFailedAtS);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteTrials(Utf8JsonWriter w, IReadOnlyList<Harness.TrialProgress> trials)
    {
        w.WriteStartArray("trials");
        foreach (var t in trials)
        {
            w.WriteStartObject();
            w.WriteNumber("number", t.Number);
            w.WriteString("configuration", t.Configuration);
            w.WriteNumber("load_factor", R(t.LoadFactor));
            // Unknown (NaN) until the trial has measured it: null, not a made-up 0.
            Number(w, "offered_per_s", t.OfferedPerSecond);
            if (t.Passed is { } p) w.WriteBoolean("passed", p);
            else w.WriteNull("passed");
            w.WriteStartArray("broken");
            foreach (var b in t.Broken) w.WriteStringValue(b);
            w.WriteEndArray();
            Number(w, "passed_below", t.PassedBelow);
            Number(w, "failed_above", t.FailedAbove);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) w.WriteNumber(name, R(v));
        else w.WriteNull(name);
    }

    private static long UnixMs(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    private static double PerSecond(long count, double intervalS) => intervalS > 0 ? count / intervalS : 0;

    /// <summary>Six significant digits at most.</summary>
    private static double R(double v) =>
        v == 0 || !double.IsFinite(v) ? 0 : Math.Round(v, Math.Clamp(5 - (int)Math.Floor(Math.Log10(Math.Abs(v))), 0, 12));
}
