using System.Globalization;
using System.Text.Json.Nodes;
using MonitorSim.Sizing.Vertical;

namespace MonitorSim.Reports.Sizing;

/// <summary>The vertical axis (<c>size --vertical</c>) for sizing.md, sizing.html and sizing.json: one node's searched
/// capacity at each CPU quota, the line over cores, the held-out largest quota and the production node extrapolated.</summary>
internal static class SizingVerticalContent
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The held-out quota's check when it missed, for the report's first lines.</summary>
    public static IEnumerable<string> Miss(SizingRun run)
    {
        if (run.Vertical?.Axis.HeldOut is { Hit: false } miss)
            yield return $"PREDICTION MISSED on the vertical axis: {miss.Describe()}. The plan uses the capacity measured at each quota; " +
                         "the production node's extrapolation rests on a line that missed its check.";
    }

    /// <summary>The summary's line: the production node as extrapolated, with how far and how sure, never as measured.</summary>
    public static string SummaryLine(SizingRun run)
    {
        if (run.Vertical is not { } v) return "Cores: one node at several CPU quotas not measured; size --vertical adds the axis.";
        var axis = v.Axis;
        if (axis.Production is not { } p)
            return $"Cores: one node measured at {Quotas(v)} cores; no extrapolation: {axis.Problem}.";
        return $"Cores: one node measured at {Quotas(v)} cores; a production node of {N(p.Cores)} cores is EXTRAPOLATED, not measured, to " +
               $"{Fmt.Rate(p.OpsPerSecond)} ops/s ({Interval(p)}): {p.RatioText()}.";
    }

    public static List<ReportBlock> Section(SizingRun run)
    {
        if (run.Vertical is not { } v)
            return [new ParagraphBlock("Not measured: size --vertical (or --vertical 0.25,0.5,1,1.5) searches one node capped at each CPU quota, fits capacity " +
                                       "over cores, holds out the largest quota and extrapolates the production node from the line.")];
        var axis = v.Axis;
        var blocks = new List<ReportBlock>
        {
            new ParagraphBlock("One node, a fresh one-node tree with a store of its own per quota, capped at each quota of cores through cgroups " +
                               (v.GeneratorApart ? $"with the load generator's threads in a group of their own at {N(v.GeneratorCpus)} cores" : "with the load generator inside the node's quota (cgroup v2)") +
                               "; each quota's capacity found by the same search as above. The line X(c) = a + b·c is fitted by least squares, one point per " +
                               "quota (the mean of the repeats at its passed load; the repeats ran one load, so they are not points of their own): the " +
                               "utilisation law at the capacity, X = (U·c − O)/D, so c₀ = −a/b is the node's fixed cost, the cores it uses before it carries " +
                               $"anything at the SLO. The largest quota is held out: the line through the smaller ones predicts it (target ±{CoreCapacityAxis.Tolerance * 100:0} %)."),
            new TableBlock(["cores", "passed (load factor)", "failed (load factor)", "capacity ops/s (mean of repeats)", "repeats", "trials",
                    "tree busy cores at passed", "most tree busy cores in a trial (of the quota)", "generator busy cores at passed", "generator lag p99 ms at passed", "in the line"],
                v.Quotas.Select(q => QuotaRow(v, q)).ToList()),
            new ListBlock(v.Quotas.Select(Trail).ToList()),
        };
        var limited = v.Quotas.Where(q => VerticalRun.GeneratorBusyCores(q) is { } g && g >= VerticalRun.GeneratorBusyShare * v.GeneratorCpus).ToList();
        if (limited.Count > 0)
            blocks.Add(new ParagraphBlock($"Caution: at {Quotas(limited)} cores the load generator was busy at {Pct(VerticalRun.GeneratorBusyShare)} or more of its " +
                                          $"{N(v.GeneratorCpus)} cores at the passed load: there the generator, not the node, may have set the capacity."));
        var unbound = v.Quotas.Where(q => VerticalRun.MostBusyShare(q) < VerticalRun.QuotaBoundShare).ToList();
        if (unbound.Count > 0)
            blocks.Add(new ParagraphBlock($"Not held by their quota: at {Quotas(unbound)} cores the tree used less than {Pct(VerticalRun.QuotaBoundShare)} of its quota " +
                                          "in every trial, so something else set the capacity there — the machine's other work (a CFS quota caps a group's CPU, " +
                                          "it does not keep other work off the cores), the load generator (see its lag), or a part of the tree that cannot use " +
                                          "more cores. Those quotas measure that, not what their cores carry."));
        if (axis.Line is not { } line)
        {
            blocks.Add(new ParagraphBlock($"No line over cores: {axis.Problem}."));
            return blocks;
        }
        blocks.Add(new TableBlock(["parameter", "value", "standard error"],
        [
            ["a, intercept (ops/s at 0 cores)", Cell.Num(G(line.Intercept)), Cell.Num(Se(line, line.InterceptStandardError))],
            ["b, slope (ops/s per core)", Cell.Num(G(line.SlopePerCore)), Cell.Num(Se(line, line.SlopeStandardError))],
            ["c₀ = −a/b, the node's fixed cost (cores)", Cell.Num(G(line.FixedCostCores)), Cell.Num(Se(line, line.FixedCostStandardError))],
            ["s, residual (ops/s)", Cell.Num(G(line.ResidualStandardError)), ""],
            ["R²", Cell.Num(G(line.RSquared)), ""],
            ["quotas fitted (degrees of freedom)", Cell.Num($"{line.Points} ({line.DegreesOfFreedom})"), ""],
        ]));
        blocks.Add(new ParagraphBlock(FixedCost(line)));
        if (axis.HeldOut is { } h)
            blocks.Add(new ParagraphBlock($"Held out: {h.Describe()}. {h.Basis}." +
                                          (axis.HeldOutInterval is { } i
                                              ? $" Its 95 % prediction interval was {Fmt.Rate(i.Low)}–{Fmt.Rate(i.High)} ops/s; the measurement fell {(axis.HeldOutInsideInterval == true ? "inside" : "OUTSIDE")} it."
                                              : " No prediction interval: the held-out fit had no degree of freedom left.")));
        blocks.Add(new SizingChartBlock(SizingChart.CoreCapacity,
            "Capacity against cores: the quotas measured, the line over them (solid where measured, dashed where extrapolated) with its 95 % prediction " +
            "interval, the held-out quota and the production node"));
        blocks.Add(new ParagraphBlock(axis.Production is { } p
            ? $"Production node, EXTRAPOLATED, not measured: {N(p.Cores)} cores carry {Fmt.Rate(p.OpsPerSecond)} ops/s by the line over every quota " +
              $"({Interval(p)}); {p.RatioText()}. Against the design load of {Fmt.Rate(run.Analysis.Design.OpsPerSecond)} ops/s that is a margin of " +
              $"{Margin(p.OpsPerSecond, run)}" + (p.HasInterval ? $" ({Margin(p.Low, run)}–{Margin(p.High, run)} over the interval)." : ".") +
              " The interval is the line's statistical uncertainty only: it assumes capacity keeps growing linearly with cores, which nothing measured " +
              "beyond the largest quota checks (contention between cores — locks, GC, the dispatchers' threads — would bend it down; Erlang C's " +
              "higher utilisation at more servers, up)."
            : $"No production node extrapolated: {axis.Problem}."));
        return blocks;
    }

    private static IReadOnlyList<Cell> QuotaRow(VerticalRun v, QuotaSeries q)
    {
        var c = VerticalRun.Capacity(q);
        var search = q.Series.Search;
        var at = c.PassedLoad is { } l ? q.Series.Steps.Where(s => s.LoadFactor == l).ToList() : [];
        return
        [
            Cell.Num(N(q.Cores)), Cell.Num(c.PassedLoad is { } p ? N(p) : "none"), Cell.Num(c.FailedLoad is { } f ? N(f) : "none"),
            Cell.Num(c.Carries ? Fmt.Rate(c.OpsPerSecond) : "n/a"), Cell.Num(c.CompletedPerSecond.Count.ToString(Inv)), Cell.Num((search?.Trail.Count ?? 0).ToString(Inv)),
            Cell.Num(at.Count > 0 ? N(at.Max(s => s.TreeBusyCores)) : "n/a"),
            Cell.Num(q.Series.Steps.Count > 0 ? $"{N(q.Series.Steps.Max(s => s.TreeBusyCores))} ({Pct(VerticalRun.MostBusyShare(q))})" : "n/a"),
            Cell.Num(VerticalRun.GeneratorBusyCores(q) is { } g ? $"{N(g)} of {N(v.GeneratorCpus)}" : "n/a"),
            Cell.Num(at.Count > 0 ? N(at.Max(s => s.GeneratorLagP99Ms)) : "n/a"),
            c.Carries ? "yes" : "no: " + (c.Problem ?? "no load passed"),
        ];
    }

    /// <summary>"0.5 cores: 2 ✓, 4 ✗ (alarm.p99 &lt; 250ms: 312), 2.83 ✓ …".</summary>
    private static string Trail(QuotaSeries q) =>
        $"{N(q.Cores)} cores, trail: " + (q.Series.Search is not { } s ? "no search"
            : string.Join(", ", s.Trail.Select(t => $"{N(t.Load)} {(t.Passed ? "✓" : "✗")}" + (t.Broken.Count > 0 ? $" ({string.Join("; ", t.Broken)})" : ""))) + $"; {s.StopReason}");

    private static string FixedCost(CoreCapacityLine line) =>
        double.IsFinite(line.FixedCostCores) && line.FixedCostCores > 0
            ? $"The node's fixed cost read off the line: {N(line.FixedCostCores)} cores" + (line.DegreesOfFreedom > 0 ? $" ± {N(line.FixedCostStandardError)} (standard error)" : "") +
              " — below it a quota carries nothing at the SLO; at a quota of c cores it takes the share c₀/c."
            : "No fixed cost shows in the line (its intercept is not below zero): at these quotas the node's own work does not take a measurable share.";

    private static string Interval(CoreExtrapolation p) =>
        p.HasInterval ? $"95 % prediction interval {Fmt.Rate(p.Low)}–{Fmt.Rate(p.High)} ops/s" : "no interval: two quotas determine the line exactly; measure a third";

    private static string Margin(double ops, SizingRun run) =>
        run.Analysis.Design.OpsPerSecond > 0 ? (ops / run.Analysis.Design.OpsPerSecond).ToString("0.0", Inv) + "×" : "n/a";

    private static string Se(CoreCapacityLine line, double se) => line.DegreesOfFreedom > 0 ? G(se) : "n/a (two quotas)";

    private static string Quotas(VerticalRun v) => Quotas(v.Quotas);

    private static string Quotas(IEnumerable<QuotaSeries> quotas) => string.Join(", ", quotas.Select(q => N(q.Cores)));

    public static JsonNode? Json(SizingRun run)
    {
        if (run.Vertical is not { } v) return null;
        var axis = v.Axis;
        return new JsonObject
        {
            ["generator_cpus"] = v.GeneratorCpus,
            ["generator_apart"] = v.GeneratorApart,
            ["quotas"] = new JsonArray(v.Quotas.Select(q =>
            {
                var c = VerticalRun.Capacity(q);
                return (JsonNode?)new JsonObject
                {
                    ["cores"] = q.Cores, ["passed_load_factor"] = c.PassedLoad, ["failed_load_factor"] = c.FailedLoad,
                    ["capacity_ops"] = c.Carries ? c.OpsPerSecond : null,
                    ["repeats_ops"] = new JsonArray(c.CompletedPerSecond.Select(x => (JsonNode?)x).ToArray()),
                    ["carries"] = c.Carries, ["problem"] = c.Problem, ["stop_reason"] = q.Series.StopReason,
                    ["generator_busy_cores"] = VerticalRun.GeneratorBusyCores(q),
                    ["most_busy_share_of_quota"] = double.IsFinite(VerticalRun.MostBusyShare(q)) ? VerticalRun.MostBusyShare(q) : null,
                    ["held_by_quota"] = VerticalRun.MostBusyShare(q) >= VerticalRun.QuotaBoundShare,
                    ["trials"] = new JsonArray(q.Series.Steps.Select(s => (JsonNode?)new JsonObject
                    {
                        ["trial"] = s.Number, ["load_factor"] = s.LoadFactor, ["held"] = s.SloHeld, ["offered_ops"] = s.OfferedPerSecond,
                        ["completed_ops"] = s.CompletedPerSecond, ["tree_busy_cores"] = s.TreeBusyCores, ["generator_lag_p99_ms"] = s.GeneratorLagP99Ms,
                    }).ToArray()),
                };
            }).ToArray()),
            ["line"] = axis.Line is { } l ? Line(l) : null,
            ["problem"] = axis.Problem,
            ["held_out"] = axis.HeldOut is { } h ? new JsonObject
            {
                ["figure"] = h.Figure, ["predicted"] = h.Predicted, ["measured"] = h.Measured, ["error"] = double.IsFinite(h.Error) ? h.Error : null,
                ["tolerance"] = h.Tolerance, ["hit"] = h.Hit, ["method"] = axis.HeldOutMethod,
                ["interval_low"] = axis.HeldOutInterval?.Low, ["interval_high"] = axis.HeldOutInterval?.High, ["inside_interval"] = axis.HeldOutInsideInterval,
            } : null,
            ["production"] = axis.Production is { } p ? new JsonObject
            {
                ["measured"] = false, ["cores"] = p.Cores, ["largest_measured_cores"] = p.LargestMeasuredCores, ["extrapolation_ratio"] = p.Ratio,
                ["capacity_ops"] = p.OpsPerSecond, ["interval_low"] = p.HasInterval ? p.Low : null, ["interval_high"] = p.HasInterval ? p.High : null,
                ["coverage"] = CoreCapacityLine.Coverage, ["text"] = p.RatioText(),
            } : null,
        };
    }

    private static JsonObject Line(CoreCapacityLine l)
    {
        var dof = l.DegreesOfFreedom > 0;
        return new JsonObject
        {
            ["intercept_ops"] = l.Intercept, ["intercept_se"] = dof ? l.InterceptStandardError : null,
            ["slope_ops_per_core"] = l.SlopePerCore, ["slope_se"] = dof ? l.SlopeStandardError : null,
            ["fixed_cost_cores"] = double.IsFinite(l.FixedCostCores) ? l.FixedCostCores : null, ["fixed_cost_se"] = dof && double.IsFinite(l.FixedCostCores) ? l.FixedCostStandardError : null,
            ["residual_se_ops"] = dof ? l.ResidualStandardError : null, ["r_squared"] = double.IsFinite(l.RSquared) ? l.RSquared : null,
            ["points"] = l.Points, ["degrees_of_freedom"] = l.DegreesOfFreedom,
        };
    }

    private static string N(double v) => SizingContent.N(v);

    private static string G(double v) => SizingContent.G(v);

    private static string Pct(double v) => SizingContent.Pct(v);
}
