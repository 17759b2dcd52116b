using System.Globalization;
using MonitorSim.Sizing.Planning;
using static MonitorSim.Reports.Sizing.SizingContent;

namespace MonitorSim.Reports.Sizing;

/// <summary>The sizing report's "Node count" section and its summary line: the node count as the plan's second axis.</summary>
internal static class SizingNodeContent
{
    /// <summary>Capacity rows shown in full up to this many; a longer list (a USL that reaches hundreds of nodes) shows
    /// the measured counts and the last few.</summary>
    private const int MaxCapacityRows = 12;

    private const int TailRows = 3;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>What a one-size run says instead, and how to get the axis.</summary>
    public static string OneSize(SizingRun run)
    {
        var nodes = run.Clusters is { Count: > 0 } c ? c[0].Nodes : run.Analysis.Steps[0].Nodes;
        var scenario = string.IsNullOrEmpty(run.ScenarioFile) ? "SCENARIO" : run.ScenarioFile;
        return $"One cluster size was measured ({nodes} node(s)), so the node count is not an axis of this plan: the nodes of the production " +
               "plan are its cores divided by the cores per node, as if spreading the tree over more nodes cost nothing more per operation. " +
               $"To measure the axis, run: monitorsim size {scenario} --nodes 1,2,3,4 (the same load steps on 1, 2, 3 and 4 local nodes, the " +
               "tree's CPU per operation compared across them).";
    }

    public static string SummaryLine(SizingRun run) => run.NodeAxis is { } ax
        ? $"Node count ({(ax.Costs.Count == 0 ? "none" : string.Join(", ", ax.Costs.Select(c => c.Nodes)))} measured" +
          (ax.LeftOut.Count == 0 ? "" : $"; {string.Join(", ", ax.LeftOut.Select(l => l.Nodes))} left out") +
          $"), CPU per operation extrapolated to production nodes, not a measured capacity: {ax.PlanNote}."
        : "Node count: one cluster size measured; size --nodes 1,2,3,4 adds the node axis.";

    public static List<ReportBlock> Section(SizingRun run)
    {
        if (run.NodeAxis is not { } ax) return [new ParagraphBlock(OneSize(run))];
        var blocks = new List<ReportBlock>();
        blocks.Add(new ParagraphBlock($"Every node count ran the same load steps on a freshly started cluster{Series(run.Clusters)}. For each, " +
            "the tree's busy cores (every node's process, the load generators' threads left out) are fitted against completed operations " +
            "over its usable steps — SLO held, at or below its knee, and the machine's cores less than " +
            $"{Pct(NodeScaling.SaturatedShare)} busy — as busy cores = O(n) + X·D(n): D(n) is the CPU one more operation costs on n nodes, O(n) " +
            "the line's intercept: CPU that does not grow with the load over those steps (timers, gossip, and work that batching spreads thinner as load rises; at far lower loads the processes use less). Efficiency is D at the fewest nodes over D(n)."));
        if (ax.LeftOut.Count > 0)
            blocks.Add(new ListBlock(ax.LeftOut.Select(l => $"Left out: {l.Nodes} {(l.Nodes == 1 ? "node" : "nodes")}: {l.Reason}.").ToList()));
        if (ax.Costs.Count > 0)
        {
            blocks.Add(new TableBlock(["nodes", "steps fitted", "load factors", "D(n) µs", "O(n) cores", "efficiency"],
                ax.Costs.Select(c => (IReadOnlyList<Cell>)
                [
                    Cell.Num(c.Nodes.ToString(Inv)), Cell.Num(c.Steps.ToString(Inv)), Cell.Num($"{N(c.FromLoadFactor)}–{N(c.ToLoadFactor)}"),
                    Cell.Num(N(c.DemandSeconds * 1e6)), Cell.Num(N(c.OverheadCores)), Cell.Num(Pct(c.Efficiency)),
                ]).ToList()));
            blocks.Add(new SizingChartBlock(SizingChart.NodeCapacity,
                "What a cluster of n production nodes carries at the target utilisation, (n·C·U − O(n)) / D(n): the node counts measured, the USL " +
                "over node counts (dashed) and the production load (horizontal)"));
        }

        blocks.Add(new ParagraphBlock("The USL over node counts: a cluster of n nodes of C cores at utilisation U carries X(n) = (n·C·U − O(n)) / D(n). " +
                                      "If O(n) = n·o and D(n) = D(1)·(1 + α(n−1) + βn(n−1)), that is the USL with γ = (C·U − o) / D(1); so the USL is " +
                                      $"fitted to (n, n / D(n)) and its γ is 1 / D(1). Overhead per node o = {N(ax.OverheadPerNode)} cores (the mean of O(n) / n)."));
        blocks.Add(ax.Usl is { } u
            ? UslTable(u, "γ (ops per busy core-second on one node)", "peak (nodes)", $"capacity at the peak (ops/s, {ax.CoresPerNode} cores at {Pct(ax.TargetUtilisation)})", ax.UsableCoresPerNode)
            : new ParagraphBlock($"The USL over node counts could not be fitted: {ax.UslProblem}"));
        blocks.Add(ax.HeldOut is { } h
            ? new TableBlock(["held-out node count", "measured D µs", "predicted D µs", "error"],
                [[Cell.Num(h.Nodes.ToString(Inv)), Cell.Num(N(h.MeasuredDemandSeconds * 1e6)), Cell.Num(N(h.PredictedDemandSeconds * 1e6)), Cell.Num(Pct(h.Error))]])
            : new ParagraphBlock($"Held-out node count: not checked: {ax.HeldOutProblem}"));

        if (ax.Capacity.Count > 0)
        {
            blocks.Add(new ParagraphBlock($"Capacity per cluster size, from one node up to the first that carries the production load of " +
                                          $"{Rate(ax.ProductionOpsPerSecond)} ops/s (or the last the models reach): nodes of {ax.CoresPerNode} cores at " +
                                          $"{Pct(ax.TargetUtilisation)} target utilisation."));
            blocks.Add(new TableBlock(["nodes", "D(n) µs", "O(n) cores", $"ops/s at {Pct(ax.TargetUtilisation)} busy", "from"], CapacityRows(ax)));
        }
        blocks.Add(new ParagraphBlock(ax.PlannedNodes is { } p ? $"Planned nodes: {p} ({ax.PlanNote})." : $"Planned nodes: none ({ax.PlanNote})."));
        blocks.Add(new ParagraphBlock("Caveat: the local nodes of a size run share one machine's cores, so this axis measures what spreading the tree " +
                                      "costs in CPU (per operation: cross-node messages, remoting, serialisation; per node: its own cluster and timer " +
                                      "work), not scale-out on separate hosts. " +
                                      "Their network is loopback, faster than one between hosts, and the context switches between processes on a shared " +
                                      "machine are counted as cost of spreading."));
        return blocks;
    }

    /// <summary>The series in a few words: their steps, and why they ended (once when every series ended alike).</summary>
    private static string Series(IReadOnlyList<NodeSeries>? series)
    {
        if (series is not { Count: > 0 }) return "";
        var steps = series.Select(s => s.Steps.Count).Distinct().Count() == 1
            ? $"{series[0].Steps.Count} steps on each of {string.Join(", ", series.Select(s => s.Nodes))} nodes"
            : string.Join(", ", series.Select(s => $"{s.Steps.Count} steps on {s.Nodes} node(s)"));
        var reasons = series.Select(s => s.StopReason).Distinct(StringComparer.Ordinal).ToList();
        return reasons.Count == 1
            ? $" ({steps}; each ended because {reasons[0]})"
            : $" ({steps}; ended because: {string.Join("; ", series.Select(s => $"{s.Nodes} node(s): {s.StopReason}"))})";
    }

    private static List<IReadOnlyList<Cell>> CapacityRows(NodeScaling ax)
    {
        var largest = ax.Costs.Count > 0 ? ax.Costs[^1].Nodes : 0;
        var rows = new List<IReadOnlyList<Cell>>();
        var skipped = false;
        for (var i = 0; i < ax.Capacity.Count; i++)
        {
            var c = ax.Capacity[i];
            if (ax.Capacity.Count > MaxCapacityRows && c.Nodes > largest && i < ax.Capacity.Count - TailRows)
            {
                skipped = true;
                continue;
            }
            if (skipped)
            {
                rows.Add([Cell.Num("…"), "", "", "", "rows left out (sizing.json lists them)"]);
                skipped = false;
            }
            rows.Add([Cell.Num(c.Nodes.ToString(Inv)), Cell.Num(N(c.DemandSeconds * 1e6)), Cell.Num(N(c.OverheadCores)), Cell.Num(Rate(c.OpsPerSecond)),
                SourceText(Source(ax, c))]);
        }
        return rows;
    }

    /// <summary>Where a cluster size's D(n) comes from (sizing.json's key): <c>measured</c>, <c>usl</c> (the USL over node
    /// counts), <c>interpolated</c> between the counts measured around it, or <c>fewest_measured</c> below them.</summary>
    internal static string Source(NodeScaling ax, NodeCapacity c) =>
        c.Measured ? "measured"
        : ax.Usl is not null ? "usl"
        : ax.Costs.Count > 0 && c.Nodes < ax.Costs[0].Nodes ? "fewest_measured"
        : "interpolated";

    private static string SourceText(string source) => source switch
    {
        "usl" => "USL over node counts",
        "fewest_measured" => "as at the fewest measured",
        _ => source,
    };
}
