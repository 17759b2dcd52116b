using System.Globalization;
using MonitorSim.Sizing.Planning;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace MonitorSim.Reports.Sizing;

/// <summary>The sizing report's charts as PNG bytes (ScottPlot): throughput against load with the fitted USL curve,
/// p99 against load with the knee marked, and capacity against node count. Load factors are geometric, so the load axis
/// is logarithmic.</summary>
internal static class SizingCharts
{
    private const int Width = 1000;
    private const int Height = 420;

    public static byte[] Throughput(SizingRun run)
    {
        using var plot = new Plot();
        plot.Title("Completed throughput against load, with the fitted USL", 16);
        plot.XLabel("load factor (log scale)");
        plot.YLabel("completed ops/s");
        var steps = run.Analysis.Steps;
        var held = run.Analysis.HeldOut?.Step;
        var fitted = steps.Where(s => s.Number != held).ToList();
        if (fitted.Count > 0)
        {
            var measured = plot.Add.Scatter(fitted.Select(s => Math.Log10(s.LoadFactor)).ToArray(), fitted.Select(s => s.CompletedPerSecond).ToArray());
            measured.LineWidth = 0;
            measured.MarkerSize = 9;
            measured.LegendText = "measured";
        }
        if (steps.FirstOrDefault(s => s.Number == held) is { } h)
        {
            var point = plot.Add.Scatter(new[] { Math.Log10(h.LoadFactor) }, new[] { h.CompletedPerSecond });
            point.LineWidth = 0;
            point.MarkerSize = 12;
            point.MarkerShape = MarkerShape.OpenCircle;
            point.Color = Colors.Crimson;
            point.LegendText = $"held out (step {h.Number})";
        }
        var max = steps.Select(s => s.CompletedPerSecond).DefaultIfEmpty(1).Max();
        if (run.Analysis.Usl is { } usl && steps.Count > 0)
        {
            var top = DashedCurve(plot, Math.Log10(steps.Min(s => s.LoadFactor)), Math.Log10(steps.Max(s => s.LoadFactor)),
                x => usl.Model.Throughput(Math.Pow(10, x)),
                string.Create(CultureInfo.InvariantCulture, $"USL: α {usl.Model.Alpha:0.####}, β {usl.Model.Beta:0.######}, γ {usl.Model.Gamma:0.#}"));
            max = Math.Max(max, top);
        }
        LoadAxis(plot, steps);
        plot.Axes.SetLimitsY(0, Math.Max(1, max) * 1.1);
        plot.ShowLegend(Edge.Right);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    public static byte[] Latency(SizingRun run)
    {
        using var plot = new Plot();
        plot.Title("p99 response time against load (log scales), the knee marked", 16);
        plot.XLabel("load factor (log scale)");
        plot.YLabel("p99 ms");
        var steps = run.Analysis.Steps;
        double? lo = null, hi = null;
        foreach (var op in steps.SelectMany(s => s.Operations.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var points = steps.Where(s => s.Operations.TryGetValue(op, out var f) && f.P99Ms > 0)
                .Select(s => (X: Math.Log10(s.LoadFactor), Y: Math.Log10(s.Operations[op].P99Ms))).ToArray();
            if (points.Length == 0) continue;
            var series = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray());
            series.LineWidth = 2;
            series.MarkerSize = 6;
            series.LegendText = op;
            lo = Math.Min(lo ?? double.MaxValue, points.Min(p => p.Y));
            hi = Math.Max(hi ?? double.MinValue, points.Max(p => p.Y));
        }
        if (run.Analysis.KneeStep is { } knee && steps.FirstOrDefault(s => s.Number == knee) is { } k)
        {
            var line = plot.Add.VerticalLine(Math.Log10(k.LoadFactor));
            line.LineWidth = 2;
            line.LinePattern = LinePattern.Dashed;
            line.Color = Colors.Crimson;
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"knee: step {knee}, load factor {k.LoadFactor:0.###}");
        }
        var bottom = Math.Floor(lo ?? 0);
        var top = Math.Max(Math.Ceiling(hi ?? 1), bottom + 1);
        plot.Axes.Left.TickGenerator = new NumericAutomatic
        {
            IntegerTicksOnly = true,
            MinorTickGenerator = new LogMinorTickGenerator(),
            LabelFormatter = e => Math.Pow(10, Math.Round(e)).ToString(e >= 0 ? "#,0" : "0.###", CultureInfo.InvariantCulture),
        };
        LoadAxis(plot, steps);
        plot.Axes.SetLimitsY(bottom - 0.05, top + 0.05);
        plot.ShowLegend(Edge.Right);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>Capacity of a cluster of n production nodes at the target utilisation, (n·C·U − O(n)) / D(n), against n: the
    /// node counts measured, the USL over node counts, the production load as a horizontal line and the planned count.</summary>
    public static byte[] NodeCapacity(SizingRun run)
    {
        using var plot = new Plot();
        plot.Title("Capacity against node count", 16);
        plot.XLabel("nodes");
        plot.YLabel("ops/s at the target utilisation");
        var ax = run.NodeAxis;
        if (ax is null || ax.Costs.Count == 0) return plot.GetImageBytes(Width, Height, ImageFormat.Png);
        var max = ax.ProductionOpsPerSecond;
        var lastNodes = Math.Max(ax.Costs[^1].Nodes, ax.Capacity.Count > 0 ? ax.Capacity[^1].Nodes : 1);

        double Carried(NodeCountCost c) => Math.Max(0, ax.Carried(c));
        var measured = plot.Add.Scatter(ax.Costs.Select(c => (double)c.Nodes).ToArray(), ax.Costs.Select(Carried).ToArray());
        measured.LineWidth = 0;
        measured.MarkerSize = 9;
        measured.LegendText = "measured: (n·C·U − O(n)) / D(n)";
        max = Math.Max(max, ax.Costs.Max(Carried));
        if (ax.Usl is { } usl)
        {
            var top = DashedCurve(plot, 1, lastNodes, x => ax.UsableCoresPerNode * usl.Model.Throughput(x),
                string.Create(CultureInfo.InvariantCulture, $"USL over nodes: α {usl.Model.Alpha:0.####}, β {usl.Model.Beta:0.######}"));
            max = Math.Max(max, top);
        }
        var production = plot.Add.HorizontalLine(ax.ProductionOpsPerSecond);
        production.LineWidth = 2;
        production.Color = Colors.Crimson;
        production.LegendText = "production load";
        if (ax.PlannedNodes is { } planned)
        {
            var line = plot.Add.VerticalLine(planned);
            line.LineWidth = 1;
            line.LinePattern = LinePattern.Dotted;
            line.Color = Colors.Crimson;
            line.LegendText = $"planned: {planned} node(s)";
        }
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.SetLimitsX(0.5, lastNodes + 0.5);
        plot.Axes.SetLimitsY(0, Math.Max(1, max) * 1.1);
        plot.ShowLegend(Edge.Right);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>A fitted curve y(x) from <paramref name="from"/> to <paramref name="to"/>, dashed; returns its highest y.</summary>
    private static double DashedCurve(Plot plot, double from, double to, Func<double, double> y, string legend)
    {
        const int n = 120;
        var xs = Enumerable.Range(0, n + 1).Select(i => from + (to - from) * i / n).ToArray();
        var ys = xs.Select(y).ToArray();
        var curve = plot.Add.Scatter(xs, ys);
        curve.MarkerSize = 0;
        curve.LineWidth = 2;
        curve.LinePattern = LinePattern.Dashed;
        curve.Color = Colors.Black;
        curve.LegendText = legend;
        return ys.Max();
    }

    /// <summary>Ticks at every step's load factor (the axis holds log10 of it).</summary>
    private static void LoadAxis(Plot plot, IReadOnlyList<StepMeasurement> steps)
    {
        var ticks = new NumericManual();
        foreach (var s in steps) ticks.AddMajor(Math.Log10(s.LoadFactor), s.LoadFactor.ToString("0.###", CultureInfo.InvariantCulture));
        plot.Axes.Bottom.TickGenerator = ticks;
        if (steps.Count > 0)
        {
            var lo = Math.Log10(steps.Min(s => s.LoadFactor));
            var hi = Math.Log10(steps.Max(s => s.LoadFactor));
            var pad = Math.Max(0.05, (hi - lo) * 0.04);
            plot.Axes.SetLimitsX(lo - pad, hi + pad);
        }
    }
}
