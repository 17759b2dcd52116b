using System.Globalization;
using MonitorSim.Sizing.Usl;

namespace MonitorSim.Sizing.Planning;

/// <summary>
/// The node count as the second axis of a sizing run: what spreading the tree over more nodes costs, and how many
/// production nodes the production load needs once that cost is paid.
/// <para>
/// Every node count runs the same load steps. At the reference load — the highest load factor every node count carried
/// with its SLO held — each count's tree CPU per completed operation, D(n), is compared. The local nodes of a sizing run
/// share one machine's cores, so their throughput cannot show scale-out; their CPU per operation can: shards talking
/// across nodes, remoting and serialisation show up as CPU. With n nodes of C cores each at utilisation U, the cluster
/// carries X(n) = n·C·U / D(n). If D grows as D(n) = D(1)·(1 + α(n−1) + βn(n−1)), X(n) is the Universal Scalability Law
/// with γ = C·U / D(1); so the USL is fitted to the points (n, n / D(n)), whose γ is 1 / D(1).
/// </para>
/// <para>
/// What this leaves out (said in the report): a network between hosts slower than loopback, and cores a shared machine
/// loses to context switches between the local nodes, which it counts as cost of spreading.
/// </para>
/// </summary>
/// <param name="ReferenceLoadFactor">The load factor D(n) is compared at; null when no load factor held at every count.</param>
/// <param name="Costs">D(n) per node count measured, fewest nodes first.</param>
/// <param name="Usl">The USL over node counts, fitted on (n, n / D(n)); its γ is operations per busy core-second on one node.</param>
/// <param name="Capacity">Carried load per cluster size, from 1 node up to the planned count (or the last the models reach).</param>
/// <param name="PlannedNodes">Fewest production nodes whose capacity covers <see cref="ProductionOpsPerSecond"/>; null when
/// no cluster size the models reach does.</param>
/// <param name="PlanNote">How <see cref="PlannedNodes"/> was found, or why there is none.</param>
public sealed record NodeScaling(
    double? ReferenceLoadFactor,
    string? ReferenceProblem,
    IReadOnlyList<NodeCountCost> Costs,
    UslFit? Usl,
    string? UslProblem,
    NodeHeldOut? HeldOut,
    string? HeldOutProblem,
    double ProductionOpsPerSecond,
    int CoresPerNode,
    double TargetUtilisation,
    IReadOnlyList<NodeCapacity> Capacity,
    int? PlannedNodes,
    string PlanNote)
{
    /// <summary>Most nodes the plan looks at: a cluster bigger than this is a different architecture, not a size.</summary>
    public const int MaxPlannedNodes = 1024;

    /// <summary>Compares the node counts of <paramref name="series"/> and plans production's nodes.</summary>
    public static NodeScaling Analyse(IReadOnlyList<NodeSeries> series, double productionOpsPerSecond, int coresPerNode, double targetUtilisation)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Select(s => s.Nodes).Distinct().Count() != series.Count) throw new ArgumentException("one series per node count", nameof(series));
        if (series.Count < 2) throw new ArgumentException("the node axis needs at least two node counts", nameof(series));
        if (coresPerNode < 1) throw new ArgumentOutOfRangeException(nameof(coresPerNode), coresPerNode, "cores per node must be at least 1");
        if (!(targetUtilisation is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(targetUtilisation), targetUtilisation, "must lie in (0, 1)");
        var ordered = series.OrderBy(s => s.Nodes).ToList();

        var (reference, referenceProblem) = ReferenceLoad(ordered);
        if (reference is not { } lf)
            return new NodeScaling(null, referenceProblem, [], null, "no reference load to compare the node counts at", null,
                "no reference load to compare the node counts at", productionOpsPerSecond, coresPerNode, targetUtilisation, [], null,
                "no nodes planned: the node counts could not be compared (" + referenceProblem + ")");

        var raw = ordered.Select(s =>
        {
            var step = s.Steps.First(x => x.LoadFactor == lf);
            var busy = step.SteadySeconds > 0 ? step.TreeCpuSeconds / step.SteadySeconds : 0;
            return (s.Nodes, step.Number, step.CompletedPerSecond, busy, Demand: busy / step.CompletedPerSecond);
        }).ToList();
        var d0 = raw[0].Demand;
        var costs = raw.Select(r => new NodeCountCost(r.Nodes, r.Number, lf, r.CompletedPerSecond, r.busy, r.Demand, d0 / r.Demand)).ToList();

        UslFit? usl = null;
        string? uslProblem = null;
        try
        {
            usl = UslModel.Fit(Points(costs));
        }
        catch (Exception e) when (e is ArgumentException or ArithmeticException)
        {
            uslProblem = UslFitProblem.Of(e);
        }
        var (heldOut, heldOutProblem) = Check(costs);

        var capacity = new List<NodeCapacity>();
        int? planned = null;
        var maxMeasured = costs[^1].Nodes;
        // Past a peak at, say, 21.8 nodes capacity falls, but 22 nodes may still carry more than 21: the whole count above the
        // peak is looked at too.
        var limit = usl?.Model.Peak is { } peak ? (int)Math.Min(MaxPlannedNodes, Math.Max(maxMeasured, Math.Ceiling(peak))) : usl is not null ? MaxPlannedNodes : maxMeasured;
        for (var n = 1; n <= limit; n++)
        {
            var measured = costs.FirstOrDefault(c => c.Nodes == n);
            var demand = measured?.DemandSeconds ?? DemandAt(n, costs, usl);
            if (demand is not { } d || !(d > 0)) continue;
            var ops = n * coresPerNode * targetUtilisation / d;
            capacity.Add(new NodeCapacity(n, d, ops, measured is not null));
            if (ops >= productionOpsPerSecond)
            {
                planned = n;
                break;
            }
        }

        string note;
        var show = CultureInfo.InvariantCulture;
        if (planned is { } p)
        {
            var at = capacity[^1];
            note = string.Create(show, $"{p} node(s) of {coresPerNode} cores carry {at.OpsPerSecond:N0} ops/s at {targetUtilisation:P0} busy, ") +
                   string.Create(show, $"covering the production load of {productionOpsPerSecond:N0} ops/s; ") +
                   (at.Measured ? $"D({p}) was measured" : usl is not null ? $"D({p}) is the USL's over node counts" : $"D({p}) is interpolated between the node counts measured");
        }
        else if (usl?.Model.Peak is { } pk && pk < MaxPlannedNodes)
        {
            var best = capacity.Count > 0 ? capacity.MaxBy(c => c.OpsPerSecond)! : null;
            note = string.Create(show, $"no cluster size covers {productionOpsPerSecond:N0} ops/s: the USL over node counts peaks at {pk:0.#} nodes") +
                   (best is null ? "" : string.Create(show, $" ({best.OpsPerSecond:N0} ops/s at {best.Nodes} nodes)")) +
                   "; adding nodes past it lowers capacity, so the tree itself must change (fewer cross-node messages per operation)";
        }
        else
        {
            note = usl is null
                ? string.Create(show, $"no node count measured ({string.Join(", ", costs.Select(c => c.Nodes))}) covers {productionOpsPerSecond:N0} ops/s, and without a USL over node counts (") + uslProblem + ") the plan does not extrapolate past the largest"
                : string.Create(show, $"not even {MaxPlannedNodes} nodes cover {productionOpsPerSecond:N0} ops/s");
        }
        return new NodeScaling(lf, null, costs, usl, uslProblem, heldOut, heldOutProblem, productionOpsPerSecond, coresPerNode, targetUtilisation,
            capacity, planned, note);
    }

    /// <summary>
    /// The highest load factor at which every node count has a step that held its SLO at or below its knee (where the CPU
    /// still follows the load); null, and why, when there is none.
    /// </summary>
    public static (double? LoadFactor, string? Problem) ReferenceLoad(IReadOnlyList<NodeSeries> series)
    {
        HashSet<double>? common = null;
        foreach (var s in series)
        {
            var knee = SizingAnalysis.Knee(s.Steps);
            var good = s.Steps.Where(x => knee is { } k && x.Number <= k && x.SloHeld && x.CompletedPerSecond > 0 && x.SteadySeconds > 0)
                .Select(x => x.LoadFactor).ToHashSet();
            if (good.Count == 0) return (null, $"the series on {s.Nodes} node(s) broke its SLO at its first step");
            if (common is null) common = good;
            else common.IntersectWith(good);
        }
        return common is { Count: > 0 } ? (common.Max(), null) : (null, "no load factor held the SLO at every node count");
    }

    /// <summary>D(n) where it was not measured: from the USL over node counts when there is one (n / X(n)); else linearly
    /// between the nearest node counts measured on either side, and at or below the fewest, D of the fewest (spreading
    /// never makes an operation cheaper); null past the largest.</summary>
    private static double? DemandAt(int n, IReadOnlyList<NodeCountCost> costs, UslFit? usl)
    {
        if (usl is not null) return n / usl.Model.Throughput(n);
        if (n <= costs[0].Nodes) return costs[0].DemandSeconds;
        var above = costs.FirstOrDefault(c => c.Nodes >= n);
        if (above is null) return null;
        var below = costs.Last(c => c.Nodes <= n);
        if (above.Nodes == below.Nodes) return above.DemandSeconds;
        var t = (n - below.Nodes) / (double)(above.Nodes - below.Nodes);
        return below.DemandSeconds + t * (above.DemandSeconds - below.DemandSeconds);
    }

    private static List<UslPoint> Points(IEnumerable<NodeCountCost> costs) =>
        costs.Select(c => new UslPoint(c.Nodes, c.Nodes / c.DemandSeconds)).ToList();

    /// <summary>Holds out the second-largest node count (the largest anchors the curve's bend, as the held-out load step
    /// does), fits the USL on the others and predicts its D(n).</summary>
    public static (NodeHeldOut? Check, string? Problem) Check(IReadOnlyList<NodeCountCost> costs)
    {
        ArgumentNullException.ThrowIfNull(costs);
        if (costs.Count < UslModel.MinPoints + 1)
            return (null, $"the check needs at least {UslModel.MinPoints + 1} node counts ({UslModel.MinPoints} to fit the USL's 3 parameters, 1 held out); this run measured {costs.Count}");
        var held = costs[^2];
        try
        {
            var fit = UslModel.Fit(Points(costs.Where(c => c != held)));
            return (new NodeHeldOut(held.Nodes, held.DemandSeconds, held.Nodes / fit.Model.Throughput(held.Nodes)), null);
        }
        catch (Exception e) when (e is ArgumentException or ArithmeticException)
        {
            return (null, $"the USL cannot be fitted without {held.Nodes} nodes: {UslFitProblem.Of(e)}");
        }
    }
}
