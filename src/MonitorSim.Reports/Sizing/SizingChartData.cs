using System.Globalization;
using System.Text;
using System.Text.Json;
using MonitorSim.Reports.Charts;

namespace MonitorSim.Reports.Sizing;

/// <summary>A size run's chart data: the JSON object the chart module's <c>drawSizing</c> draws from — every step's load
/// factor, offered and completed throughput and p99 per operation, the knee and the node axis. Curves are
/// sampled here, where the models are, so the page only draws.</summary>
internal static class SizingChartData
{
    public const string Schema = "monitorsim.sizing-charts/1";
    private const int CurvePoints = 120;

    public static string Json(SizingRun run)
    {
        var a = run.Analysis;
        var steps = a.Steps;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("schema", Schema);
            w.WriteStartArray("steps");
            foreach (var s in steps)
            {
                w.WriteStartObject();
                w.WriteNumber("step", s.Number);
                w.WriteNumber("load_factor", RunChartData.Round(s.LoadFactor));
                w.WriteNumber("offered_per_s", RunChartData.Round(s.OfferedPerSecond));
                w.WriteNumber("completed_per_s", RunChartData.Round(s.CompletedPerSecond));
                w.WriteStartObject("p99_ms");
                foreach (var (op, f) in s.Operations.OrderBy(o => o.Key, StringComparer.Ordinal)) w.WriteNumber(op, RunChartData.Round(f.P99Ms));
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (a.KneeStep is { } knee) w.WriteNumber("knee_step", knee);
            else w.WriteNull("knee_step");
            WriteTrail(w, run);
            // The design load in the trail's unit (load factor of the scenario's mix), drawn across the search.
            w.WriteNumber("design_load_factor", RunChartData.Round(a.Design.OpsPerSecond / a.OpsPerLoadFactor));
            WriteNodes(w, run.NodeAxis);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The node axis: capacity (n·C·U − O(n)) / D(n) of each node count measured, the USL over node counts, the
    /// production load and the planned count; null with one node count.</summary>
    private static void WriteNodes(Utf8JsonWriter w, MonitorSim.Sizing.Planning.NodeScaling? ax)
    {
        if (ax is null || ax.Costs.Count == 0)
        {
            w.WriteNull("nodes");
            return;
        }
        var lastNodes = Math.Max(ax.Costs[^1].Nodes, ax.Capacity.Count > 0 ? ax.Capacity[^1].Nodes : 1);
        w.WriteStartObject("nodes");
        w.WriteStartObject("measured");
        Numbers(w, "nodes", ax.Costs.Select(c => (double)c.Nodes));
        Numbers(w, "ops_per_s", ax.Costs.Select(c => Math.Max(0, ax.Carried(c))));
        w.WriteEndObject();
        if (ax.Usl is { } usl)
        {
            var xs = Enumerable.Range(0, CurvePoints + 1).Select(i => 1 + (lastNodes - 1.0) * i / CurvePoints).ToList();
            w.WriteStartObject("usl");
            w.WriteString("label", string.Create(CultureInfo.InvariantCulture, $"USL over nodes: α {usl.Model.Alpha:0.####}, β {usl.Model.Beta:0.######}"));
            Numbers(w, "nodes", xs);
            Numbers(w, "ops_per_s", xs.Select(x => ax.UsableCoresPerNode * usl.Model.Throughput(x)));
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("usl");
        }
        w.WriteNumber("production_ops_per_s", RunChartData.Round(ax.ProductionOpsPerSecond));
        if (ax.PlannedNodes is { } planned) w.WriteNumber("planned", planned);
        else w.WriteNull("planned");
        w.WriteNumber("last_nodes", lastNodes);
        w.WriteEndObject();
    }

    /// <summary>Every search trial of every cluster size: its load, pass or fail, and the bracket after it.</summary>
    private static void WriteTrail(Utf8JsonWriter w, SizingRun run)
    {
        w.WriteStartArray("trail");
        foreach (var c in SizingSearchContent.Searched(run))
        {
            foreach (var t in c.Search!.Trail)
            {
                w.WriteStartObject();
                w.WriteNumber("nodes", c.Nodes);
                w.WriteNumber("trial", t.Number);
                w.WriteNumber("load_factor", RunChartData.Round(t.Load));
                w.WriteBoolean("passed", t.Passed);
                if (t.PassedBelow is { } l) w.WriteNumber("passed_below", RunChartData.Round(l)); else w.WriteNull("passed_below");
                if (t.FailedAbove is { } u) w.WriteNumber("failed_above", RunChartData.Round(u)); else w.WriteNull("failed_above");
                w.WriteEndObject();
            }
        }
        w.WriteEndArray();
    }

    private static void Numbers(Utf8JsonWriter w, string name, IEnumerable<double> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            if (double.IsFinite(v)) w.WriteNumberValue(RunChartData.Round(v));
            else w.WriteNullValue();
        }
        w.WriteEndArray();
    }
}
