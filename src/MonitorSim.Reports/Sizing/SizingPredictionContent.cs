using System.Globalization;
using System.Text.Json.Nodes;
using MonitorSim.Sizing.Prediction;

namespace MonitorSim.Reports.Sizing;

/// <summary>The predictions made from light trials and the measurements that checked them, for sizing.md, sizing.html and
/// sizing.json; a missed prediction leads the summary.</summary>
internal static class SizingPredictionContent
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The report's first lines after the answer: every prediction that missed its target (but
    /// <paramref name="except"/>, which the answer states already), and what the plan uses instead.</summary>
    public static IEnumerable<string> Misses(SizingRun run, PredictionCheck? except = null)
    {
        foreach (var p in run.Predictions ?? [])
        {
            foreach (var miss in p.Missed.Where(m => !ReferenceEquals(m, except)))
                yield return $"PREDICTION MISSED on {On(p.Nodes)}: {miss.Describe()}. The plan uses the measured figure (the searched capacity), not the prediction.";
        }
    }

    /// <summary>The node axis's held-out check when it missed, for the summary's first lines.</summary>
    public static IEnumerable<string> NodeMiss(SizingRun run)
    {
        if (run.NodeCapacity?.HeldOut is { Hit: false } miss)
            yield return $"PREDICTION MISSED on the node axis: {miss.Describe()}" +
                         run.NodeCapacity.WithinSearchResolution switch
                         {
                             true => " (within what the searches' intervals allow)",
                             false => " (more than the searches' intervals allow)",
                             null => "",
                         } + ". The plan uses the measured capacity of each node count.";
    }

    public static List<ReportBlock> NodeSection(SizingRun run)
    {
        if (run.NodeCapacity is not { } axis)
            return [new ParagraphBlock("Not measured: the node axis compares searched capacities only on CPU-isolated nodes (size --nodes 1,2,3 --node-cpus 0.4); " +
                                       "node processes sharing the machine's cores measure their fight over them, not scale-out.")];
        var blocks = new List<ReportBlock>
        {
            new ParagraphBlock($"X(N) is the capacity the search found on N nodes, {Isolation(run)}. Each repeat of the highest passing load is a point. " +
                               $"The largest N is held out: the model fitted on the smaller counts predicts it (target ±{NodeCapacityAxis.Tolerance * 100:0} %)."),
            new TableBlock(["nodes", "passed (load factor)", "failed (load factor)", "capacity ops/s (mean of repeats)", "repeats", "busiest node's cameras"],
                axis.Measured.Select(m => (IReadOnlyList<Cell>)
                [
                    Cell.Num(m.Nodes.ToString(Inv)), Cell.Num(N(m.PassedLoad)), Cell.Num(m.FailedLoad is { } f ? N(f) : "none"), Cell.Num(Fmt.Rate(m.OpsPerSecond)),
                    Cell.Num(m.CompletedPerSecond.Count.ToString(Inv)), Cell.Num(m.BusiestShare is { } b ? Pct(b) : "n/a"),
                ]).ToList()),
        };
        if (axis.HeldOut is { } h) blocks.Add(new ParagraphBlock($"Held out: {h.Describe()}. {h.Basis}." + Resolution(axis)));
        if (axis.BusiestNodeCheck is { } b)
            blocks.Add(new ParagraphBlock($"Beside it, by the busiest node (a cluster carries what its busiest node can; checked here, not yet the model the " +
                                          $"first lines judge by): {b.Describe()}. {b.Basis}."));
        if (axis.Usl is { } u) blocks.Add(SizingContent.UslTable(u, "γ (ops/s on one node)", "peak N* (nodes)", "capacity at the peak (ops/s)", 1));
        else blocks.Add(new ParagraphBlock($"The USL over all the node counts could not be fitted: {axis.UslProblem}"));
        return blocks;
    }

    /// <summary>" N nodes is R× the largest count fitted. The searches' intervals put …": how far the held-out check reaches and
    /// whether the searches' own resolution could explain its error.</summary>
    private static string Resolution(NodeCapacityAxis axis)
    {
        var text = axis.Reach is { } r ? $" The prediction reaches {r.ToString("0.##", Inv)}× the largest node count fitted." : "";
        if (axis.PredictedRange is not { } p || axis.MeasuredRange is not { } m) return text;
        return text + $" The searches' intervals put the prediction at {Fmt.Rate(p.Low)}–{Fmt.Rate(p.High)} ops/s (each fitted count at its interval's upper end in turn) " +
               $"and the measurement at {Fmt.Rate(m.Low)}–{Fmt.Rate(m.High)}: " +
               (axis.WithinSearchResolution == true
                   ? "they overlap, so the searches' resolution alone could account for the difference."
                   : "they do not overlap, so the difference is more than the searches' resolution explains: it is the model's shape, or how far a " +
                     "node count's capacity moves from one fresh cluster to the next, which one search per count cannot show (--searches can).");
    }

    /// <summary>How the nodes were capped, in the terms of the hierarchy used (cgroups only, where the run does not say
    /// which).</summary>
    private static string Isolation(SizingRun run) =>
        run.CpuIsolation?.Describe(N) ?? "each node process capped at its quota of cores through cgroups, so N nodes own N × quota cores";

    /// <summary>One line per cluster size for the summary: the capacity predicted beside the capacity measured.</summary>
    public static IEnumerable<string> Lines(SizingRun run)
    {
        foreach (var p in run.Predictions ?? [])
        {
            if (p.Prediction is null) yield return $"No prediction on {On(p.Nodes)}: {p.Problem}.";
            else
                yield return $"Predictions on {On(p.Nodes)}: {p.Checks.Count(c => c.Hit)} of {p.Checks.Count} within target" +
                             (p.Checks.Count == 0 ? "" : "; " + string.Join("; ", p.Checks.Select(c => c.Describe()))) +
                             (p.CurveChecks.Count == 0 ? "" : $"; the percentile's curve at the search's passing loads above the fit: {CurveSummary(p)}") + ".";
        }
    }

    public static List<ReportBlock> Section(SizingRun run)
    {
        var all = run.Predictions ?? [];
        if (all.Count == 0)
            return [new ParagraphBlock("No predictions: they are made for the tree's CPU (a self-test target's capacity is its own queue's), after a search.")];
        var blocks = new List<ReportBlock>
        {
            new ParagraphBlock($"Made from the trials below half of the cores predicted for ({Cores(run)}) only, then checked against what the prediction did not see: the searched " +
                               $"capacity (target ±{ClusterPredictions.CapacityTolerance * 100:0} %) and the SLO percentile at two loads run after the search, 70 % and 90 % " +
                               $"of the capacity, each in one or more windows interleaved (the median of a load's windows checks; target ±{ClusterPredictions.PercentileTolerance * 100:0} %); " +
                               "as further evidence, the percentile at every load of the search between the fitted trials and the capacity. Where drain probes timed their bursts, the capacity is theirs: " +
                               "the heaviest light load again, its operations issued in bursts aimed at the SLO's limit (on several nodes every node's share on the same ticks, " +
                               "timed across the nodes), each burst's rate its dispersion (operations − 1 over the time from its first answer to its last), the drain rate μ the " +
                               "median of the probes' median burst rates, and the percentile F + K/(1 − X/μ) with F the light trials' lowest and K from how far the heaviest " +
                               "rose above it, within the SLO up to μ·(1 − K/(L − F)); the light trials' curve alone is given beside it. Otherwise the light trials' curve: on one node the trials carry the " +
                               "collector's pauses and the prediction uses them: busy cores against throughput from the heaviest light trials (the geometric middle of a " +
                               "power law and a straight line through them), the cores the pauses leave, and the wait they add at the percentile, L/(1 − ρ)·(1 − (1 − q)(1 − ρ)/f) " +
                               "for pauses of L seconds taking f of the time at utilisation ρ of the cores between them. On several nodes, where no node reports its pauses, " +
                               "the utilisation law (busy cores = O + X·D, fitted on demand probes: the heaviest light loads again, issued in bursts of 20 ms so that " +
                               "operations queue in the tree as at saturation) with Erlang C turning the percentile into a utilisation limit: the light-load percentile " +
                               "plus the M/M/c wait at it, the queue's service time fitted on the light trials' mean latency. Error = predicted / measured − 1."),
        };
        foreach (var p in all)
        {
            if (p.Prediction is not { } pr)
            {
                blocks.Add(new ParagraphBlock($"{On(p.Nodes)}: no prediction: {p.Problem}."));
                continue;
            }
            blocks.Add(new ParagraphBlock($"{On(p.Nodes)}: predicted from {pr.Basis}; capacity {Fmt.Rate(pr.OpsPerSecond)} ops/s, load factor {N(pr.LoadFactor)}."));
            if (p.Probes.Count > 0)
                blocks.Add(new TableBlock(["demand probe (trial)", "load factor", "completed ops/s", "busy cores", "fitted"],
                    p.Probes.Select(t => (IReadOnlyList<Cell>)
                    [
                        Cell.Num(t.Number.ToString(Inv)), Cell.Num(N(t.LoadFactor)), Cell.Num(Fmt.Rate(t.CompletedPerSecond)), Cell.Num(N(t.BusyCores)),
                        pr.ProbeTrials.Contains(t.Number) ? "yes" : "no (at or above half the cores)",
                    ]).ToList()));
            if (p.Drain is { Probes.Count: > 0 } drain)
                blocks.Add(new TableBlock(["drain probe (trial)", "load factor", "tick ms", "completed ops/s", "bursts timed", "operations a burst", "drain ms", "drain ops/s", "busy cores"],
                    drain.Probes.Select(t => (IReadOnlyList<Cell>)
                    [
                        Cell.Num(t.Number.ToString(Inv)), Cell.Num(N(t.LoadFactor)), Cell.Num(N(t.TickSeconds * 1000)), Cell.Num(Fmt.Rate(t.CompletedPerSecond)),
                        Cell.Num((t.Bursts?.Count ?? 0).ToString(Inv)), Cell.Num(t.Bursts is { } b ? Fmt.Rate(b.MedianOperations) : "n/a"),
                        Cell.Num(t.Bursts is { } d ? N(d.MedianDrainSeconds * 1000) : "n/a"),
                        Cell.Num(t.DrainOpsPerSecond is { } mu ? Fmt.Rate(mu) : "none"), Cell.Num(N(t.BusyCores)),
                    ]).ToList()));
            blocks.Add(CheckTable(p.Checks));
            if (HeldOutTable(run, p) is { } heldOut) blocks.Add(heldOut);
            if (p.CurveChecks.Count == 0) continue;
            blocks.Add(new ParagraphBlock($"{On(p.Nodes)}: the percentile's curve against the search's loads above the fitted trials at which every trial held " +
                                          $"the SLO (the prediction saw none of them): {CurveSummary(p)}. Evidence across the range between the fit and the " +
                                          "capacity, beside the two held-out loads; the loads that broke the SLO are the capacity check's."));
            blocks.Add(CheckTable(p.CurveChecks));
        }
        return blocks;
    }

    /// <summary>Every held-out window's own figures (the search trail lists the search's trials only, and the steps tables
    /// one trial a load), so that each value a percentile check took its median of can be read; null without any.</summary>
    private static TableBlock? HeldOutTable(SizingRun run, ClusterPredictions p)
    {
        var steps = (run.Clusters?.FirstOrDefault(c => c.Nodes == p.Nodes)?.Steps ?? run.Analysis.Steps)
            .Where(s => p.HeldOutTrials.Contains(s.Number)).OrderBy(s => s.Number).ToList();
        if (steps.Count == 0) return null;
        var operation = p.Prediction?.Slo?.Operation;
        return new TableBlock(["held-out trial", "load factor", "completed ops/s", $"{operation ?? "SLO operation"} p99 ms", "busy cores", "GC paused %", "SLO"],
            steps.Select(s => (IReadOnlyList<Cell>)
            [
                Cell.Num(s.Number.ToString(Inv)), Cell.Num(N(s.LoadFactor)), Cell.Num(Fmt.Rate(s.CompletedPerSecond)),
                Cell.Num(operation is not null && s.Operations.TryGetValue(operation, out var f) ? N(f.P99Ms) : "n/a"), Cell.Num(N(s.BusyCores)),
                Cell.Num(s.GcPausedShare is { } g ? N(g * 100) : "n/a"), s.SloHeld ? "held" : "broke",
            ]).ToList());
    }

    /// <summary>"7 of 9 within ±30 % (errors −41 % to +12 %)".</summary>
    internal static string CurveSummary(ClusterPredictions p)
    {
        var errors = p.CurveChecks.Where(c => double.IsFinite(c.Error)).Select(c => c.Error).ToList();
        var unbounded = p.CurveChecks.Count(c => double.IsPositiveInfinity(c.Predicted));
        return $"{p.CurveChecks.Count(c => c.Hit)} of {p.CurveChecks.Count} within ±{ClusterPredictions.PercentileTolerance * 100:0} %" +
               (errors.Count > 0 ? $" (errors {Percent(errors.Min())} to {Percent(errors.Max())})" : "") +
               (unbounded > 0 ? $"; at {unbounded} the model predicted no bound (its cores full)" : "");
    }

    private static string Percent(double error) => (error * 100).ToString("+0;-0;0", Inv) + " %";

    private static TableBlock CheckTable(IReadOnlyList<PredictionCheck> checks) =>
        new(["figure", "predicted", "measured", "error", "target", "verdict", "how"],
            checks.Select(c => (IReadOnlyList<Cell>)
            [
                c.Figure, Cell.Num(double.IsPositiveInfinity(c.Predicted) ? "no bound" : N(c.Predicted)), Cell.Num(N(c.Measured)),
                Cell.Num(double.IsFinite(c.Error) ? (c.Error * 100).ToString("+0.0;-0.0;0.0", Inv) + " %" : "n/a"),
                Cell.Num("±" + (c.Tolerance * 100).ToString("0", Inv) + " %"), c.Hit ? "hit" : "MISSED", c.Repeatability is { } r ? $"{c.Basis}; {r}" : c.Basis,
            ]).ToList());

    public static JsonNode? NodeJson(SizingRun run) => run.NodeCapacity is not { } axis ? null : new JsonObject
    {
        ["measured"] = new JsonArray(axis.Measured.Select(m => (JsonNode?)new JsonObject
        {
            ["nodes"] = m.Nodes, ["passed_load_factor"] = m.PassedLoad, ["failed_load_factor"] = m.FailedLoad, ["capacity_ops"] = m.OpsPerSecond,
            ["busiest_node_camera_share"] = m.BusiestShare,
            ["repeats_ops"] = new JsonArray(m.CompletedPerSecond.Select(x => (JsonNode?)x).ToArray()),
        }).ToArray()),
        ["cgroup"] = run.CpuIsolation is { } c ? new JsonObject
        {
            ["hierarchy"] = c.Hierarchy, ["quota_file"] = c.QuotaFile, ["generator_apart"] = c.GeneratorApart,
            ["generator_cores"] = c.GeneratorApart ? c.GeneratorCpus : null,
        } : null,
        ["usl"] = axis.Usl is { } u ? new JsonObject { ["alpha"] = u.Model.Alpha, ["beta"] = u.Model.Beta, ["gamma"] = u.Model.Gamma, ["r_squared"] = u.RSquared } : null,
        ["usl_problem"] = axis.UslProblem,
        ["held_out"] = axis.HeldOut is { } h ? new JsonObject
        {
            ["figure"] = h.Figure, ["predicted"] = h.Predicted, ["measured"] = h.Measured, ["error"] = double.IsFinite(h.Error) ? h.Error : null,
            ["tolerance"] = h.Tolerance, ["hit"] = h.Hit, ["method"] = axis.HeldOutMethod,
            ["predicted_low"] = axis.PredictedRange?.Low, ["predicted_high"] = axis.PredictedRange?.High,
            ["measured_low"] = axis.MeasuredRange?.Low, ["measured_high"] = axis.MeasuredRange?.High,
            ["within_search_resolution"] = axis.WithinSearchResolution, ["reach"] = axis.Reach,
        } : null,
        ["busiest_node"] = axis.BusiestNodeCheck is { } b ? new JsonObject
        {
            ["figure"] = b.Figure, ["predicted"] = b.Predicted, ["measured"] = b.Measured, ["error"] = double.IsFinite(b.Error) ? b.Error : null,
            ["tolerance"] = b.Tolerance, ["hit"] = b.Hit, ["method"] = b.Basis,
        } : null,
    };

    public static JsonArray Json(SizingRun run) => new((run.Predictions ?? []).Select(p => (JsonNode?)new JsonObject
    {
        ["nodes"] = p.Nodes,
        ["problem"] = p.Problem,
        ["basis"] = p.Prediction?.Basis,
        ["model"] = p.Prediction is null ? null : p.Prediction.Drain is not null ? "backlog_drain" : p.Prediction.Pauses is not null ? "collector_pauses" : "utilisation_law",
        ["backlog_drain"] = p.Drain is { } drain ? new JsonObject
        {
            ["target_drain_ms"] = drain.TargetDrainSeconds * 1000, ["drain_ops"] = drain.OpsPerSecond,
            ["drain_ops_low"] = drain.Range?.Low, ["drain_ops_high"] = drain.Range?.High,
            ["tail_scale_ms"] = p.Prediction?.TailScaleMs, ["tail_scale_light_ms"] = p.Prediction?.LightTailScaleMs,
            ["throttle_floor_ms"] = p.Prediction?.ThrottleFloorMs, ["tail_trials"] = new JsonArray((p.Prediction?.TailTrials ?? []).Select(n => (JsonNode?)n).ToArray()),
            ["light_curve_capacity_load_factor"] = p.Prediction?.LightCurveLoadFactor,
            ["probes"] = new JsonArray(drain.Probes.Select(t => (JsonNode?)new JsonObject
            {
                ["trial"] = t.Number, ["load_factor"] = t.LoadFactor, ["tick_ms"] = t.TickSeconds * 1000, ["completed_ops"] = t.CompletedPerSecond,
                ["bursts"] = t.Bursts?.Count ?? 0, ["median_burst_ops"] = t.Bursts?.MedianOperations, ["median_drain_ms"] = t.Bursts is { } b ? b.MedianDrainSeconds * 1000 : null,
                ["drain_ops"] = t.DrainOpsPerSecond, ["busy_cores"] = t.BusyCores, ["counted"] = t.DrainOpsPerSecond is not null,
            }).ToArray()),
        } : null,
        ["busy_cores_curve"] = p.Prediction?.Curve is { } curve ? new JsonObject
        {
            ["reference_ops"] = curve.ReferenceOpsPerSecond, ["reference_busy_cores"] = curve.ReferenceBusyCores, ["exponent"] = curve.Exponent,
            ["exponent_std_err"] = curve.ExponentStdErr, ["line_overhead_cores"] = curve.LineOverheadCores,
            ["line_demand_us"] = curve.LineDemandSeconds * 1e6, ["trials"] = new JsonArray(curve.Trials.Select(n => (JsonNode?)n).ToArray()),
        } : null,
        ["collector_pauses"] = p.Prediction?.Pauses is { } pauses ? new JsonObject
        {
            ["pause_ms"] = pauses.PauseSeconds * 1000, ["paused_us_per_op"] = pauses.PausedSecondsPerOp * 1e6, ["collector_cores"] = pauses.CollectorCores,
            ["paused_share_at_capacity"] = pauses.PausedShare(p.Prediction.OpsPerSecond),
        } : null,
        ["predicted_capacity_load_factor_range"] = p.Prediction?.PausedLoadFactorRange is { } range
            ? new JsonObject { ["line"] = range.Line, ["power_law"] = range.PowerLaw } : null,
        ["demand_us"] = p.Prediction is { } a ? a.Demand.DemandSeconds * 1e6 : null,
        ["overhead_cores"] = p.Prediction?.Demand.OverheadCores,
        ["cores"] = p.Prediction?.Cores,
        ["utilisation_limit"] = p.Prediction?.UtilisationLimit,
        ["queue_service_time_ms"] = p.Prediction is { Slo: not null } q ? q.ServiceSeconds * 1000 : null,
        ["queue_service_time_fitted"] = p.Prediction?.FittedServiceSeconds is not null,
        ["predicted_capacity_ops"] = p.Prediction?.OpsPerSecond,
        ["predicted_capacity_load_factor"] = p.Prediction?.LoadFactor,
        ["predicted_capacity_load_factor_std_err"] = p.Prediction?.LoadFactorStdErr,
        ["held_out_trials"] = new JsonArray(p.HeldOutTrials.Select(n => (JsonNode?)n).ToArray()),
        ["demand_probes"] = new JsonArray(p.Probes.Select(t => (JsonNode?)new JsonObject
        {
            ["trial"] = t.Number, ["load_factor"] = t.LoadFactor, ["completed_ops"] = t.CompletedPerSecond, ["busy_cores"] = t.BusyCores,
            ["fitted"] = p.Prediction?.ProbeTrials.Contains(t.Number) ?? false,
        }).ToArray()),
        ["checks"] = CheckJson(p.Checks),
        ["curve_checks"] = CheckJson(p.CurveChecks),
    }).ToArray());

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private static JsonArray CheckJson(IReadOnlyList<PredictionCheck> checks) => new(checks.Select(c => (JsonNode?)new JsonObject
    {
        ["figure"] = c.Figure, ["predicted"] = double.IsFinite(c.Predicted) ? c.Predicted : null, ["measured"] = double.IsFinite(c.Measured) ? c.Measured : null,
        ["error"] = double.IsFinite(c.Error) ? c.Error : null, ["tolerance"] = c.Tolerance, ["hit"] = c.Hit, ["basis"] = c.Basis,
        ["windows"] = c.Windows.Count == 0 ? null : new JsonArray(c.Windows.Select(w => (JsonNode?)Finite(w)).ToArray()),
        ["repeat_errors"] = c.Windows.Count == 0 ? null : new JsonArray(c.RepeatErrors.Select(e => (JsonNode?)Finite(e)).ToArray()),
        ["repeat_hits"] = c.Windows.Count == 0 ? null : c.RepeatHits,
    }).ToArray());

    /// <summary>The cores a prediction is about: the nodes' quotas under <c>--node-cpus</c>, else the machine's, which
    /// every node process and the load generator share.</summary>
    private static string Cores(SizingRun run) => run.NodeCpus is { } q
        ? $"each node's quota of {N(q)} cores × its nodes"
        : $"the machine's {run.MachineCores.ToString(Inv)} cores, shared with the load generator";

    private static string On(int nodes) => SizingContent.NodeCount(nodes);

    private static string N(double v) => SizingContent.N(v);

    private static string Pct(double v) => SizingContent.Pct(v);
}
