using System.Globalization;
using MonitorSim.Load.Results;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace MonitorSim.Reports;

/// <summary>Draws the HTML report's charts as PNG bytes with ScottPlot.</summary>
internal static class ReportCharts
{
    private const int Width = 1000;
    private const int Height = 400;

    private static readonly (string Label, Func<LatencyStats, double> Value)[] Percentiles =
    [
        ("p50", s => s.P50), ("p90", s => s.P90), ("p99", s => s.P99), ("p99.9", s => s.P999), ("max", s => s.Max),
    ];

    public static byte[] Render(ChartKind kind, RunResult result) => kind switch
    {
        ChartKind.Throughput => Throughput(result),
        ChartKind.LatencyP99 => LatencyP99(result),
        ChartKind.LatencyDistribution => LatencyDistribution(result),
        ChartKind.Tree => Tree(result),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static byte[] Throughput(RunResult result)
    {
        using var plot = NewPlot("Throughput: completed operations per second", "ops/s");
        var rows = result.Timeline;
        var xs = rows.Select(r => r.TS).ToArray();
        var operations = TimelineCsv.Operations(rows);
        var max = 0.0;
        foreach (var op in operations)
        {
            var ys = rows.Select(r => r.PerOperation.TryGetValue(op, out var s) ? TimelineCsv.PerSecond(s.Completed, r.IntervalS) : 0).ToArray();
            AddSeries(plot, xs, ys, op);
            max = Math.Max(max, ys.DefaultIfEmpty(0).Max());
        }
        if (operations.Count != 1 && rows.Count > 0)
        {
            // The total matters when several operations share the run; with one it would just overdraw it.
            var total = rows.Select(r => TimelineCsv.PerSecond(r.Completed, r.IntervalS)).ToArray();
            var line = AddSeries(plot, xs, total, "all");
            line.Color = Colors.Black;
            line.LinePattern = LinePattern.Dashed;
            max = Math.Max(max, total.Max());
        }
        return Finish(plot, result, yMin: 0, yMax: max);
    }

    private static byte[] LatencyP99(RunResult result)
    {
        using var plot = NewPlot("p99 response time per interval (log scale)", "ms");
        var rows = result.Timeline;
        double? lo = null, hi = null;
        foreach (var op in TimelineCsv.Operations(rows))
        {
            // An interval without samples has no p99; skipping it avoids drawing fake drops to 0 ms.
            var points = rows
                .Where(r => r.PerOperation.TryGetValue(op, out var s) && s.Completed + s.Failed > 0 && s.P99 > 0)
                .Select(r => (X: r.TS, Y: Math.Log10(r.PerOperation[op].P99)))
                .ToArray();
            if (points.Length == 0)
            {
                continue;
            }
            AddSeries(plot, points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray(), op);
            lo = Math.Min(lo ?? double.MaxValue, points.Min(p => p.Y));
            hi = Math.Max(hi ?? double.MinValue, points.Max(p => p.Y));
        }
        LogAxis(plot.Axes.Left, lo ?? 0, hi ?? 1, vertical: true);
        return Finish(plot, result, yMin: null, yMax: null);
    }

    private static byte[] LatencyDistribution(RunResult result)
    {
        var keys = OperationKeys.Ordered(result.Latency.Where(p => p.Value.Count > 0).Select(p => p.Key));
        var height = Math.Max(Height, 120 + keys.Count * Percentiles.Length * 16);
        using var plot = NewPlot("Response-time percentiles per operation and hop (log scale)", "");
        plot.XLabel("ms");

        var positives = keys.SelectMany(k => Percentiles.Select(p => p.Value(result.Latency[k]))).Where(v => v > 0).ToList();
        var lo = positives.Count > 0 ? Math.Floor(Math.Log10(positives.Min())) : 0;
        var hi = positives.Count > 0 ? Math.Ceiling(Math.Log10(positives.Max())) : 1;
        var palette = new ScottPlot.Palettes.Category10();
        const double barSize = 0.16;

        for (var j = 0; j < Percentiles.Length; j++)
        {
            var (label, value) = Percentiles[j];
            var bars = new List<Bar>();
            for (var i = 0; i < keys.Count; i++)
            {
                var v = value(result.Latency[keys[i]]);
                if (v <= 0)
                {
                    continue;
                }
                bars.Add(new Bar
                {
                    // First key at the top, and within a key p50 above max, so the chart reads like the tables.
                    Position = (keys.Count - 1 - i) + (Percentiles.Length / 2 - j) * barSize,
                    ValueBase = lo,
                    Value = Math.Log10(v),
                    Size = barSize * 0.9,
                    FillColor = palette.GetColor(j),
                    LineWidth = 0,
                    Orientation = Orientation.Horizontal,
                });
            }
            if (bars.Count > 0)
            {
                var plottable = plot.Add.Bars(bars);
                plottable.LegendText = label;
            }
        }

        var ticks = new NumericManual();
        for (var i = 0; i < keys.Count; i++)
        {
            ticks.AddMajor(keys.Count - 1 - i, OperationKeys.IsHop(keys[i]) ? "↳ " + keys[i] : keys[i]);
        }
        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.Left.MinimumSize = Math.Min(320, 20 + 7 * keys.DefaultIfEmpty("").Max(k => k.Length + 2));
        plot.Axes.SetLimitsY(-0.6, Math.Max(keys.Count, 1) - 0.4);
        LogAxis(plot.Axes.Bottom, lo, hi, vertical: false);
        plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
        if (keys.Count == 0)
        {
            plot.Title("Response-time percentiles: no samples");
        }
        plot.ShowLegend(Edge.Right);
        return plot.GetImageBytes(Width, height, ImageFormat.Png);
    }

    private static byte[] Tree(RunResult result)
    {
        using var plot = NewPlot("Cameras online/offline (left) and active alarms (right)", "cameras");
        var rows = result.Timeline;
        var xs = rows.Select(r => r.TS).ToArray();
        var online = AddSeries(plot, xs, rows.Select(r => (double)r.Tree.CamerasOnline).ToArray(), "cameras online");
        online.Color = Colors.ForestGreen;
        var offline = AddSeries(plot, xs, rows.Select(r => (double)r.Tree.CamerasOffline).ToArray(), "cameras offline");
        offline.Color = Colors.Crimson;
        var cameraMax = rows.Select(r => (double)Math.Max(r.Tree.CamerasOnline, r.Tree.CamerasOffline)).DefaultIfEmpty(0).Max();

        // Alarms are a handful against thousands of cameras: on the shared axis they would be a flat line at zero.
        var alarms = AddSeries(plot, xs, rows.Select(r => (double)r.Tree.ActiveAlarms).ToArray(), "active alarms");
        alarms.Color = Colors.DarkOrange;
        alarms.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Right.Label.Text = "active alarms";
        var alarmMax = rows.Select(r => (double)r.Tree.ActiveAlarms).DefaultIfEmpty(0).Max();
        plot.Axes.SetLimitsY(0, Math.Max(1, alarmMax) * 1.1, plot.Axes.Right);
        return Finish(plot, result, yMin: 0, yMax: cameraMax);
    }

    private static Plot NewPlot(string title, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title, 16);
        plot.XLabel("time since start (s)");
        if (yLabel.Length > 0)
        {
            plot.YLabel(yLabel);
        }
        return plot;
    }

    private static ScottPlot.Plottables.Scatter AddSeries(Plot plot, double[] xs, double[] ys, string label)
    {
        var series = plot.Add.Scatter(xs, ys);
        series.LegendText = label;
        series.LineWidth = 2;
        // Markers only when points are few enough to tell apart; a lone point has no line to show it.
        series.MarkerSize = xs.Length <= 60 ? 4 : 0;
        return series;
    }

    private static byte[] Finish(Plot plot, RunResult result, double? yMin, double? yMax)
    {
        ShadeWarmUp(plot, result.Timeline);
        if (result.Timeline.Count > 0)
        {
            var start = result.Timeline.Min(r => r.TS - r.IntervalS);
            var end = result.Timeline.Max(r => r.TS);
            plot.Axes.SetLimitsX(Math.Min(0, start), Math.Max(end, start + 1));
        }
        else
        {
            plot.Title("No timeline rows");
        }
        if (yMin is { } bottom && yMax is { } top)
        {
            plot.Axes.SetLimitsY(bottom, Math.Max(top, 1) * 1.1, plot.Axes.Left);
        }
        plot.ShowLegend(Edge.Right);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    private static void ShadeWarmUp(Plot plot, IReadOnlyList<TimelineRow> rows)
    {
        var warm = rows.Where(r => r.WarmUp).ToList();
        if (warm.Count == 0)
        {
            return;
        }
        var span = plot.Add.HorizontalSpan(warm.Min(r => r.TS - r.IntervalS), warm.Max(r => r.TS));
        span.FillColor = Colors.Gray.WithAlpha(0.18);
        span.LineWidth = 0;
        span.LegendText = "warm-up (excluded)";
        plot.MoveToBack(span);
    }

    /// <summary>Turns an axis over log10 values into one labelled in ms, spanning whole decades so it always shows at least two labels.</summary>
    private static void LogAxis(IAxis axis, double lo, double hi, bool vertical)
    {
        var bottom = Math.Floor(lo);
        var top = Math.Max(Math.Ceiling(hi), bottom + 1);
        axis.TickGenerator = new NumericAutomatic
        {
            IntegerTicksOnly = true,
            MinorTickGenerator = new LogMinorTickGenerator(),
            LabelFormatter = Decade,
        };
        var pad = (top - bottom) * 0.03;
        axis.Range.Set(vertical ? bottom - pad : bottom, top + pad);
    }

    private static string Decade(double exponent)
    {
        var e = (int)Math.Round(exponent);
        return e >= 0
            ? Math.Pow(10, e).ToString("#,0", CultureInfo.InvariantCulture)
            : "0." + new string('0', -e - 1) + "1";
    }
}
