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
            WriteCores(w, run);
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

    /// <summary>The vertical axis: the quotas measured (the held-out one apart, with its prediction), the line over every
    /// quota sampled on a log grid from the smallest quota to the largest and on to the production node (the second part is
    /// the extrapolation, drawn dashed) with its 95 % prediction interval, and the production node; null without one.</summary>
    private static void WriteCores(Utf8JsonWriter w, SizingRun run)
    {
        if (run.Vertical?.Axis is not { Line: { } line } axis)
        {
            w.WriteNull("cores");
            return;
        }
        var carrying = axis.Carrying;
        var held = axis.HeldOut is not null ? carrying[^1] : null;
        var (smallest, largest) = (carrying[0].Cores, carrying[^1].Cores);
        var top = Math.Max(largest, axis.Production?.Cores ?? largest);
        var grid = Enumerable.Range(0, CurvePoints + 1).Select(i => smallest * Math.Pow(top / smallest, (double)i / CurvePoints)).ToList();
        w.WriteStartObject("cores");
        w.WriteStartObject("measured");
        var shown = carrying.Where(q => !ReferenceEquals(q, held)).ToList();
        Numbers(w, "cores", shown.Select(q => q.Cores));
        Numbers(w, "ops_per_s", shown.Select(q => q.OpsPerSecond));
        w.WriteEndObject();
        if (held is not null && axis.HeldOut is { } check)
        {
            w.WriteStartObject("held_out");
            w.WriteNumber("cores", RunChartData.Round(held.Cores));
            w.WriteNumber("ops_per_s", RunChartData.Round(check.Measured));
            w.WriteNumber("predicted", RunChartData.Round(check.Predicted));
            w.WriteEndObject();
        }
        w.WriteString("label", string.Create(CultureInfo.InvariantCulture, $"line: {line.Intercept:0.#} + {line.SlopePerCore:0.#}·c ops/s"));
        Curve(w, "line", grid.Where(c => c <= largest * (1 + 1e-9)).Append(largest).Distinct().ToList(), line);
        Curve(w, "extrapolation", grid.Where(c => c >= largest).Prepend(largest).Distinct().ToList(), line);
        if (axis.Production is { } p)
        {
            w.WriteStartObject("production");
            w.WriteNumber("cores", RunChartData.Round(p.Cores));
            w.WriteNumber("ops_per_s", RunChartData.Round(p.OpsPerSecond));
            w.WriteString("ratio", p.RatioText());
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("production");
        }
        w.WriteNumber("design_ops_per_s", RunChartData.Round(run.Analysis.Design.OpsPerSecond));
        w.WriteEndObject();
    }

    /// <summary>The line at <paramref name="cores"/>, with its 95 % prediction interval (nulls with no degree of freedom).</summary>
    private static void Curve(Utf8JsonWriter w, string name, IReadOnlyList<double> cores, MonitorSim.Sizing.Vertical.CoreCapacityLine line)
    {
        w.WriteStartObject(name);
        Numbers(w, "cores", cores);
        Numbers(w, "ops_per_s", cores.Select(line.OpsPerSecondAt));
        Numbers(w, "low", cores.Select(c => line.PredictionInterval(c).Low));
        Numbers(w, "high", cores.Select(c => line.PredictionInterval(c).High));
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
