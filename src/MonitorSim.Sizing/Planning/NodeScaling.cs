using System.Globalization;
using MonitorSim.Sizing.Usl;

namespace MonitorSim.Sizing.Planning;

/// <summary>
/// The node count as the second axis of a sizing run: what spreading the tree over more nodes costs, and how many
/// production nodes the production load needs once that cost is paid.
/// <para>
/// Every node count runs the same load steps. Per node count the utilisation law's line, busy cores = O(n) + X·D(n), is
/// fitted over its usable steps, as for one node (<see cref="ServiceDemand"/>): D(n) is what one more operation costs in
/// CPU summed over the n processes, O(n) the line's intercept (what does not grow with the load). The local nodes of a sizing run share one machine's
/// cores, so their throughput cannot show scale-out; their CPU can: shards talking across nodes, remoting and
/// serialisation show up in D(n), each node's own cluster and timer work in O(n). With n nodes of C cores at utilisation U
/// the cluster carries X(n) = (n·C·U − O(n)) / D(n). With O(n) = n·o and D(n) = D(1)·(1 + α(n−1) + βn(n−1)) that is the
/// Universal Scalability Law with γ = (C·U − o) / D(1); so the USL is fitted to the points (n, n / D(n)), whose γ is 1 / D(1).
/// </para>
/// <para>
/// A step counts when its SLO held, it is at or below its series' knee, and the machine was not saturated: once the local
/// nodes keep <see cref="SaturatedShare"/> of its cores busy, processes wait for a core and their CPU no longer follows
/// the load. A node count with fewer than two such steps is left out, with the reason.
/// </para>
/// </summary>
/// <param name="Costs">D(n) and O(n) per node count measured, fewest nodes first.</param>
/// <param name="LeftOut">Node counts that ran but could not be measured, and why.</param>
/// <param name="MachineCores">Cores of the machine the local nodes shared.</param>
/// <param name="Usl">The USL over node counts, fitted on (n, n / D(n)); its γ is operations per busy core-second on one node.</param>
/// <param name="Capacity">Carried load per cluster size, from 1 node up to the planned count (or the last the models reach).</param>
/// <param name="PlannedNodes">Fewest production nodes whose capacity covers <see cref="ProductionOpsPerSecond"/>; null when
/// no cluster size the models reach does.</param>
/// <param name="PlanNote">How <see cref="PlannedNodes"/> was found, or why there is none.</param>
public sealed record NodeScaling(
    IReadOnlyList<NodeCountCost> Costs,
    IReadOnlyList<NodeCountLeftOut> LeftOut,
    int MachineCores,
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

    /// <summary>Busy share of the machine's cores from which a step is saturated and its CPU no longer measures demand.</summary>
    public const double SaturatedShare = 0.9;

    /// <summary>Per-node overhead O(n) / n averaged over the node counts measured: what a node costs whatever the load.</summary>
    public double OverheadPerNode => Costs.Count > 0 ? Costs.Average(c => c.OverheadCores / c.Nodes) : 0;

    /// <summary>Cores of one production node left for operations at the target utilisation, C·U − o: the USL over node
    /// counts (γ = 1 / D(1)) times this is the capacity of n nodes.</summary>
    public double UsableCoresPerNode => Math.Max(0, CoresPerNode * TargetUtilisation - OverheadPerNode);

    /// <summary>Operations per second <paramref name="cost"/>'s node count carries at the target utilisation.</summary>
    public double Carried(NodeCountCost cost) => Carried(cost.Nodes, CoresPerNode, TargetUtilisation, cost.DemandSeconds, cost.OverheadCores);

    /// <summary>X(n) = (n·C·U − O(n)) / D(n); 0 or less when the fixed cores alone pass the target.</summary>
    public static double Carried(int nodes, int coresPerNode, double targetUtilisation, double demandSeconds, double overheadCores) =>
        (nodes * coresPerNode * targetUtilisation - overheadCores) / demandSeconds;

    /// <summary>Fits each node count's demand line, compares them and plans production's nodes.</summary>
    public static NodeScaling Analyse(IReadOnlyList<NodeSeries> series, double productionOpsPerSecond, int coresPerNode, double targetUtilisation,
        int machineCores)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Select(s => s.Nodes).Distinct().Count() != series.Count) throw new ArgumentException("one series per node count", nameof(series));
        if (series.Count < 2) throw new ArgumentException("the node axis needs at least two node counts", nameof(series));
        if (coresPerNode < 1) throw new ArgumentOutOfRangeException(nameof(coresPerNode), coresPerNode, "cores per node must be at least 1");
        if (!(targetUtilisation is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(targetUtilisation), targetUtilisation, "must lie in (0, 1)");
        if (machineCores < 1) throw new ArgumentOutOfRangeException(nameof(machineCores), machineCores, "the machine has at least one core");

        var fitted = new List<(int Nodes, List<StepMeasurement> Steps, ServiceDemand Demand)>();
        var leftOut = new List<NodeCountLeftOut>();
        foreach (var s in series.OrderBy(s => s.Nodes))
        {
            var (usable, why) = Usable(s, machineCores);
            if (why is not null) leftOut.Add(new NodeCountLeftOut(s.Nodes, why));
            else fitted.Add((s.Nodes, usable, ServiceDemand.Fit("tree", usable.Select(x => (x.CompletedPerSecond, x.TreeBusyCores)).ToList())));
        }
        var d0 = fitted.Count > 0 ? fitted[0].Demand.DemandSeconds : 0;
        var costs = fitted.Select(f => new NodeCountCost(f.Nodes, f.Steps.Count, f.Steps.Min(x => x.LoadFactor), f.Steps.Max(x => x.LoadFactor),
            f.Demand.DemandSeconds, f.Demand.OverheadCores, d0 / f.Demand.DemandSeconds)
        {
            MostCompletedPerSecond = f.Steps.Max(x => x.CompletedPerSecond),
            FitCovariance = f.Demand.FitCovariance,
        }).ToList();

        UslFit? usl = null;
        string? uslProblem = null;
        try
        {
            usl = UslModel.Fit(Points(costs));
        }
        catch (Exception e) when (e is ArgumentException or ArithmeticException)
        {
            uslProblem = $"{UslFitProblem.Of(e)} (node counts measured: {costs.Count})";
        }
        var (heldOut, heldOutProblem) = Check(costs);

        var capacity = new List<NodeCapacity>();
        int? planned = null;
        var perNode = costs.Count > 0 ? costs.Average(c => c.OverheadCores / c.Nodes) : 0;
        var maxMeasured = costs.Count > 0 ? costs[^1].Nodes : 0;
        // Past a peak at, say, 21.8 nodes capacity falls, but 22 nodes may still carry more than 21: the whole count above the
        // peak is looked at too.
        var limit = usl?.Model.Peak is { } peak ? (int)Math.Min(MaxPlannedNodes, Math.Max(maxMeasured, Math.Ceiling(peak)))
            : usl is not null ? MaxPlannedNodes : maxMeasured;
        for (var n = 1; n <= limit; n++)
        {
            var measured = costs.FirstOrDefault(c => c.Nodes == n);
            var demand = measured?.DemandSeconds ?? DemandAt(n, costs, usl);
            if (demand is not { } d || !(d > 0)) continue;
            var overhead = measured?.OverheadCores ?? n * perNode;
            var ops = Carried(n, coresPerNode, targetUtilisation, d, overhead);
            if (ops <= 0) continue; // the nodes' fixed work alone passes the target utilisation
            capacity.Add(new NodeCapacity(n, d, overhead, ops, measured is not null));
            if (ops >= productionOpsPerSecond)
            {
                planned = n;
                break;
            }
        }

        var note = Note(costs, leftOut, usl, uslProblem, capacity, planned, productionOpsPerSecond, coresPerNode, targetUtilisation);
        return new NodeScaling(costs, leftOut, machineCores, usl, uslProblem, heldOut, heldOutProblem, productionOpsPerSecond, coresPerNode,
            targetUtilisation, capacity, planned, note);
    }

    /// <summary>The steps of one node count its demand line is fitted on, or why there are too few.</summary>
    public static (List<StepMeasurement> Steps, string? Problem) Usable(NodeSeries series, int machineCores)
    {
        ArgumentNullException.ThrowIfNull(series);
        var knee = SizingAnalysis.Knee(series.ByLoad);
        if (knee is null)
        {
            var first = series.ByLoad.Count > 0 ? series.ByLoad[0] : null;
            var where = $"its SLO broke at its first step (load factor {Show(first?.LoadFactor ?? 0)})";
            return ([], first is not null && first.BusyCores >= SaturatedShare * machineCores
                ? $"{where} with the machine's {machineCores} cores at least {SaturatedShare:P0} busy: {series.Nodes} local nodes' own work fills them; fewer local nodes, or more cores"
                : $"{where}: start the series lower");
        }
        var kneeLoad = series.ByLoad.First(x => x.Number == knee).LoadFactor;
        var held = series.ByLoad.Where(x => x.LoadFactor <= kneeLoad && x.SloHeld && x.CompletedPerSecond > 0 && x.SteadySeconds > 0).ToList();
        var usable = held.Where(x => x.BusyCores < SaturatedShare * machineCores).ToList();
        if (usable.Count >= 2) return (usable, null);
        if (held.Count > usable.Count)
            return (usable, $"the machine's {machineCores} cores were at least {SaturatedShare:P0} busy at {held.Count - usable.Count} of the {held.Count} steps that held " +
                            $"its SLO ({series.Nodes} local nodes' own work fills them), so its CPU per operation cannot be measured on this machine: " +
                            "fewer local nodes, or more cores");
        return (usable, $"only {usable.Count} step held its SLO at or below the knee: the demand line needs two");
    }

    private static string Note(List<NodeCountCost> costs, IReadOnlyList<NodeCountLeftOut> leftOut, UslFit? usl, string? uslProblem,
        List<NodeCapacity> capacity, int? planned, double production, int coresPerNode, double targetUtilisation)
    {
        var inv = CultureInfo.InvariantCulture;
        if (costs.Count == 0)
            return "no nodes planned: no node count could be measured (" + string.Join("; ", leftOut.Select(l => $"{l.Nodes} node(s): {l.Reason}")) + ")";
        if (planned is { } p)
        {
            var at = capacity[^1];
            var own = at.Measured ? costs.Single(c => c.Nodes == p) : null; // the plan's own count, where its D was measured
            return string.Create(inv, $"{p} {(p == 1 ? "node" : "nodes")} of {coresPerNode} cores {(p == 1 ? "carries" : "carry")} {at.OpsPerSecond:N0} ops/s") +
                   Interval(at.OpsPerSecond, own?.CarriedStandardError(p * coresPerNode * targetUtilisation), inv) +
                   string.Create(inv, $" at {targetUtilisation:P0} busy, covering the production load of {production:N0} ops/s; ") +
                   (at.Measured ? $"D({p}) was measured" : usl is not null ? $"D({p}) is the USL's over node counts" : $"D({p}) is interpolated between the node counts measured") +
                   Reach(at.OpsPerSecond, own is null ? costs : [own], inv);
        }
        if (usl?.Model.Peak is { } pk && pk < MaxPlannedNodes)
        {
            var best = capacity.Count > 0 ? capacity.MaxBy(c => c.OpsPerSecond)! : null;
            return string.Create(inv, $"no cluster size covers {production:N0} ops/s: the USL over node counts peaks at {pk:0.#} nodes") +
                   (best is null ? "" : string.Create(inv, $" ({best.OpsPerSecond:N0} ops/s at {best.Nodes} nodes)")) +
                   "; adding nodes past it lowers capacity, so the tree itself must change (fewer cross-node messages per operation)";
        }
        return usl is null
            ? string.Create(inv, $"no node count measured ({string.Join(", ", costs.Select(c => c.Nodes))}) covers {production:N0} ops/s, and without a USL over node counts (") + uslProblem + ") the plan does not extrapolate past the largest"
            : string.Create(inv, $"not even {MaxPlannedNodes} nodes cover {production:N0} ops/s");
    }

    /// <summary>" (± one standard error from the demand line's fit: lo–hi)" around <paramref name="opsPerSecond"/> where the
    /// plan's count was measured on three steps or more (<paramref name="standardError"/> known); "" otherwise.</summary>
    private static string Interval(double opsPerSecond, double? standardError, CultureInfo inv) => standardError is { } se
        ? string.Create(inv, $" (± one standard error from the demand line's fit: {Math.Max(0, opsPerSecond - se):N0}–{opsPerSecond + se:N0})")
        : "";

    /// <summary>How far the plan's figure reaches past what was measured: the most a fitted step of <paramref name="costs"/>
    /// completed (the plan's own node count where its D was measured, every count where D comes from them). On 0.4-core
    /// nodes (2026-12-07) one node's line was fitted on load factors 0.5–0.917 only (its knee that low), and "1 node of 16
    /// cores carries 58,569 ops/s" reached about 190× past them, while the search had measured 182,119 ops/s on 0.4 cores.</summary>
    private static string Reach(double opsPerSecond, List<NodeCountCost> costs, CultureInfo inv)
    {
        var most = costs.MaxBy(c => c.MostCompletedPerSecond);
        if (most is null || !(most.MostCompletedPerSecond > 0)) return "";
        var ratio = opsPerSecond / most.MostCompletedPerSecond;
        return ratio <= 1
            ? string.Create(inv, $"; within the loads measured (a fitted step on {most.Nodes} node(s) completed {most.MostCompletedPerSecond:N0} ops/s)")
            : string.Create(inv, $"; an extrapolation {ratio:0.#}× past the most a fitted step completed ({most.MostCompletedPerSecond:N0} ops/s on {most.Nodes} node(s)): the line is assumed to hold that far");
    }

    /// <summary>D(n) where it was not measured: from the USL over node counts when there is one (n / X(n)); else linearly
    /// between the nearest node counts measured on either side, and at or below the fewest, D of the fewest (spreading
    /// never makes an operation cheaper); null past the largest.</summary>
    private static double? DemandAt(int n, List<NodeCountCost> costs, UslFit? usl)
    {
        if (usl is not null) return n / usl.Model.Throughput(n);
        if (costs.Count == 0) return null;
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
            return (null, $"the check needs at least {UslModel.MinPoints + 1} node counts measured ({UslModel.MinPoints} to fit the USL's 3 parameters, 1 held out); this run has {costs.Count}");
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

    private static string Show(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
