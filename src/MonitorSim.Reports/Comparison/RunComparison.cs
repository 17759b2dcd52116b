using System.Text.Json;

namespace MonitorSim.Reports.Comparison;

/// <summary>Several runs' summary.json side by side (baseline against peak, before against after a change).</summary>
public sealed class RunComparison
{
    private RunComparison(IReadOnlyList<string> runs, IReadOnlyList<string> labels, IReadOnlyList<ComparisonRow> rows, IReadOnlyList<JsonElement> summaries)
    {
        Summaries = summaries;
        Runs = runs;
        Labels = labels;
        Rows = rows;
    }

    /// <summary>The report folders, in the order given (the first is what the others are compared with).</summary>
    public IReadOnlyList<string> Runs { get; }

    /// <summary>A short label per run: its scenario, load factor and folder name.</summary>
    public IReadOnlyList<string> Labels { get; }

    public IReadOnlyList<ComparisonRow> Rows { get; }

    /// <summary>Each run's summary.json, as read (for rules that look up any figure).</summary>
    public IReadOnlyList<JsonElement> Summaries { get; }

    /// <summary>Reads <c>summary.json</c> from each folder; throws <see cref="FileNotFoundException"/> or
    /// <see cref="InvalidDataException"/> naming the folder that cannot be read.</summary>
    public static RunComparison Load(IReadOnlyList<string> reportDirs)
    {
        var docs = new List<JsonElement>();
        foreach (var dir in reportDirs)
        {
            var path = Path.Combine(dir, SummaryJson.FileName);
            if (!File.Exists(path)) throw new FileNotFoundException($"{dir}: no {SummaryJson.FileName} (is it a report folder?)", path);
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(path));
                docs.Add(doc.RootElement.Clone());
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}: not valid JSON at line {e.LineNumber + 1}: {e.Message}", e);
            }
        }
        return Build(reportDirs, docs);
    }

    private static RunComparison Build(IReadOnlyList<string> dirs, List<JsonElement> docs)
    {
        var labels = docs.Select((d, i) =>
            $"{Text(d, "scenario") ?? "?"} ×{Num(d, "run", "load_factor")?.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) ?? "?"} ({Path.GetFileName(Path.TrimEndingDirectorySeparator(dirs[i]))})").ToList();
        var rows = new List<ComparisonRow>();
        void Add(string group, string metric, string unit, bool? lowerIsBetter, Func<JsonElement, double?> read) =>
            rows.Add(new ComparisonRow(group, metric, docs.Select(read).ToList(), unit, lowerIsBetter));

        Add("run", "seed", "", null, d => Num(d, "seed"));
        Add("run", "load factor", "×", null, d => Num(d, "run", "load_factor"));
        Add("run", "duration", "s", null, d => Num(d, "duration_s"));
        Add("run", "cameras", "", null, d => Num(d, "topology", "cameras"));
        Add("operations", "offered", "", null, d => Num(d, "operations", "offered"));
        Add("operations", "completed", "", null, d => Num(d, "operations", "completed"));
        Add("operations", "failed", "", true, d => Num(d, "operations", "failed"));
        Add("operations", "dropped", "", true, d => Num(d, "operations", "dropped"));
        Add("operations", "timed out", "", true, d => Num(d, "operations", "timed_out"));
        Add("operations", "throughput", "ops/s", false, d => Num(d, "throughput_ops"));

        var keys = docs.SelectMany(d => Keys(d, "latency_ms")).Distinct().ToList();
        foreach (var key in OperationKeys.Ordered(keys))
            foreach (var stat in new[] { "p50", "p99", "p999" })
                Add("response time", $"{key} {stat}", "ms", true, d => Num(d, "latency_ms", key, stat));
        foreach (var key in OperationKeys.Ordered(docs.SelectMany(d => Keys(d, "service_time_ms")).Distinct()).Where(k => !OperationKeys.IsHop(k)))
            Add("service time", $"{key} p99", "ms", true, d => Num(d, "service_time_ms", key, "p99"));
        // Each stream on its own (in the first run's order, then any the others add): two streams of one operation are
        // merged in the rows above.
        foreach (var stream in docs.SelectMany(d => Keys(d, "streams")).Distinct())
        {
            Add("stream", $"{stream} completed", "", null, d => Num(d, "streams", stream, "completed"));
            Add("stream", $"{stream} failed", "", true, d => Num(d, "streams", stream, "failed"));
            Add("stream", $"{stream} timed out", "", true, d => Num(d, "streams", stream, "timed_out"));
            foreach (var stat in new[] { "p50", "p99" })
                Add("stream", $"{stream} {stat}", "ms", true, d => Num(d, "streams", stream, "latency_ms", stat));
        }
        Add("generator", "lag p99", "ms", true, d => Num(d, "generator_lag_ms", "p99"));
        Add("resources", "cpu", "s", true, d => Num(d, "resources", "cpu_s"));
        Add("resources", "peak working set", "MB", true, d => Num(d, "resources", "peak_working_set_mb"));
        Add("thresholds", "failed", "", true, d => d.TryGetProperty("thresholds", out var t) && t.ValueKind == JsonValueKind.Array
            ? t.EnumerateArray().Count(x => x.TryGetProperty("passed", out var p) && p.ValueKind == JsonValueKind.False)
            : null);
        return new RunComparison(dirs, labels, rows, docs);
    }

    /// <summary>Relative difference of run <paramref name="run"/> against the first run, or null.</summary>
    public static double? Change(ComparisonRow row, int run)
    {
        if (row.Values[0] is not { } first || row.Values[run] is not { } value) return null;
        if (first == 0) return value == 0 ? 0 : null;
        return (value - first) / Math.Abs(first);
    }

    private static IEnumerable<string> Keys(JsonElement d, string property) =>
        d.TryGetProperty(property, out var o) && o.ValueKind == JsonValueKind.Object ? o.EnumerateObject().Select(p => p.Name) : [];

    private static string? Text(JsonElement d, string property) =>
        d.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static double? Num(JsonElement d, params string[] path)
    {
        var node = d;
        foreach (var p in path)
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(p, out node)) return null;
        return node.ValueKind == JsonValueKind.Number ? node.GetDouble() : null;
    }
}
