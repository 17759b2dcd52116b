using System.Text;
using MonitorSim.Load.Results;

namespace MonitorSim.Reports;

/// <summary>Writes timeline.csv: one row per reporting interval, with per-operation columns for every operation seen.</summary>
public static class TimelineCsv
{
    public const string FileName = "timeline.csv";

    private static readonly string[] FixedColumns =
    [
        "t_s", "warm_up", "interval_s", "offered", "completed", "failed", "dropped", "in_flight", "throughput_ops",
        "generator_lag_p99_ms", "cameras_online", "cameras_offline", "active_alarms", "working_set_mb",
    ];

    /// <summary>Writes the timeline of <paramref name="result"/> to <paramref name="path"/>.</summary>
    public static void Write(RunResult result, string path) => File.WriteAllText(path, ToCsv(result));

    /// <summary>The CSV text written by <see cref="Write"/>.</summary>
    public static string ToCsv(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var operations = Operations(result.Timeline);
        var sb = new StringBuilder();
        var header = FixedColumns.Concat(operations.SelectMany(op => new[]
        {
            $"{op}_per_s", $"{op}_failed", $"{op}_p50_ms", $"{op}_p99_ms",
        }));
        sb.Append(string.Join(',', header.Select(Quote))).Append('\n');

        foreach (var row in result.Timeline)
        {
            var cells = new List<string>
            {
                Fmt.Plain(row.TS),
                row.WarmUp ? "true" : "false",
                Fmt.Plain(row.IntervalS),
                Fmt.Plain(row.Offered),
                Fmt.Plain(row.Completed),
                Fmt.Plain(row.Failed),
                Fmt.Plain(row.Dropped),
                Fmt.Plain(row.InFlight),
                Fmt.Plain(PerSecond(row.Completed, row.IntervalS)),
                Fmt.Plain(row.GeneratorLagP99Ms),
                Fmt.Plain(row.Tree.CamerasOnline),
                Fmt.Plain(row.Tree.CamerasOffline),
                Fmt.Plain(row.Tree.ActiveAlarms),
                row.WorkingSetMb is { } ws ? Fmt.Plain(ws) : "",
            };
            foreach (var op in operations)
            {
                if (row.PerOperation.TryGetValue(op, out var s))
                {
                    cells.Add(Fmt.Plain(PerSecond(s.Completed + s.Failed, row.IntervalS)));
                    cells.Add(Fmt.Plain(s.Failed));
                    cells.Add(Fmt.Plain(s.P50));
                    cells.Add(Fmt.Plain(s.P99));
                }
                else
                {
                    // Nothing of this operation ran in the interval: zero rate, and no latency rather than a fake 0 ms.
                    cells.AddRange(["0", "0", "", ""]);
                }
            }
            sb.Append(string.Join(',', cells)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Every operation name that appears in any row, ordinally sorted (the per-operation column order).</summary>
    internal static IReadOnlyList<string> Operations(IReadOnlyList<TimelineRow> timeline) =>
        timeline.SelectMany(r => r.PerOperation.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    internal static double PerSecond(long count, double intervalS) => intervalS > 0 ? count / intervalS : 0;

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
