using System.Globalization;
using MonitorSim.Sizing.Usl;

namespace MonitorSim.Sizing.Prediction;

/// <summary>What one capacity search on N nodes found: its highest passing and lowest failing load, and every repeat's
/// completed ops/s at the passing one.</summary>
/// <param name="BusiestShare">The busiest node's share of the cameras as that search's cluster placed its platforms (1 on
/// one node); null where not known.</param>
public sealed record NodeSearch(double PassedLoad, double? FailedLoad, IReadOnlyList<double> CompletedPerSecond, double? BusiestShare = null)
{
    /// <summary>The search's capacity: the mean of its repeats at the highest passing load.</summary>
    public double OpsPerSecond => CompletedPerSecond.Average();
}

/// <summary>
/// The capacity measured on N nodes by one or more searches (<c>size --searches</c>), each on a cluster started afresh.
/// One search is one draw: the same command on the same quiet machine measured 2 nodes at 41,776–103,725 ops/s and 3 nodes
/// at 15,010–148,959 in four runs (docs/sizing.md), so repeated searches report their spread and the node count is
/// represented by its <see cref="Median"/> search, in the fit and in the held-out check alike: one search that slid far
/// down (a first trial failed by a transient) moves a median of three not at all, where it would move a mean by a third.
/// </summary>
public sealed record SearchedNodeCapacity(int Nodes, IReadOnlyList<NodeSearch> Searches)
{
    /// <summary>One search's capacity.</summary>
    public SearchedNodeCapacity(int nodes, double passedLoad, double? failedLoad, IReadOnlyList<double> completedPerSecond)
        : this(nodes, [new NodeSearch(passedLoad, failedLoad, completedPerSecond)]) { }

    /// <summary>The search whose capacity is the median of the searches' (the lower of the two middle ones for an even
    /// count): its figures are the node count's.</summary>
    public NodeSearch Median => Searches.OrderBy(s => s.OpsPerSecond).ElementAt((Searches.Count - 1) / 2);

    public double PassedLoad => Median.PassedLoad;

    public double? FailedLoad => Median.FailedLoad;

    /// <summary>The median search's repeats at its highest passing load: the node count's points in the fit.</summary>
    public IReadOnlyList<double> CompletedPerSecond => Median.CompletedPerSecond;

    public double OpsPerSecond => Median.OpsPerSecond;

    /// <summary>The median search's busiest node's share of the cameras; null where not known.</summary>
    public double? BusiestShare => Median.BusiestShare;

    /// <summary>The lowest and highest capacity over the searches, ops/s.</summary>
    public (double Low, double High) Spread => (Searches.Min(s => s.OpsPerSecond), Searches.Max(s => s.OpsPerSecond));
}

/// <summary>
/// Capacity against node count: X(N) = the searched capacity on N CPU-isolated nodes (each its own quota of cores), the
/// USL fitted over N, and the largest N held out: fitted on the smaller counts, the model predicts it, and the search
/// measured it. The USL needs 3 node counts (and 4 points; each repeat of the boundary load is a point) besides the
/// held-out one; with fewer it predicts by the least-squares line through the smaller counts' points (linear scaling,
/// no contention or coherency), and says so.
/// </summary>
/// <param name="PredictedRange">The prediction with each fitted count's capacity moved, in turn, to the upper end of its
/// search's interval (the lowest failing load, in ops/s scaled from the passing one's): how far the searches' own
/// resolution moves it. Null without a held-out check.</param>
/// <param name="MeasuredRange">The held-out count's capacity from its passing to its failing load, in ops/s.</param>
/// <param name="Reach">The held-out node count over the largest count fitted: how far the prediction extrapolates.</param>
public sealed record NodeCapacityAxis(
    IReadOnlyList<SearchedNodeCapacity> Measured,
    UslFit? Usl,
    string? UslProblem,
    PredictionCheck? HeldOut,
    string HeldOutMethod,
    (double Low, double High)? PredictedRange = null,
    (double Low, double High)? MeasuredRange = null,
    double? Reach = null)
{
    /// <summary>The issue's target for the held-out node count.</summary>
    public const double Tolerance = 0.15;

    /// <summary>
    /// The held-out count predicted by its busiest node, beside the line: a node carries at the held-out count what it
    /// carried at the largest fitted count of two nodes or more, and a cluster carries what its busiest node can, so
    /// X(H) = X(F) · s(F) / s(H), with s the busiest node's share of the cameras (the device operations go by camera) as
    /// each cluster placed its 45 platforms, which are of unequal size (the largest has 1,236 cameras of 17,932). One node
    /// is left out: it sends nothing between nodes. Reported beside the line's check, not in its place, until runs it has
    /// not seen have checked it; null where a share is unknown or no fitted count has two nodes.
    /// </summary>
    public PredictionCheck? BusiestNodeCheck { get; init; }

    /// <summary>Whether the searches' intervals alone could close the gap between prediction and measurement: the two
    /// ranges overlap. Null without a held-out check.</summary>
    public bool? WithinSearchResolution => PredictedRange is { } p && MeasuredRange is { } m ? p.Low <= m.High && m.Low <= p.High : null;

    public static NodeCapacityAxis? Analyse(IReadOnlyList<SearchedNodeCapacity> measured)
    {
        ArgumentNullException.ThrowIfNull(measured);
        var sorted = measured.Where(m => m.Searches.Count > 0 && m.Searches.All(x => x.CompletedPerSecond.Count > 0)).OrderBy(m => m.Nodes).ToList();
        if (sorted.Count < 2) return null;
        var (usl, uslProblem) = TryFit(sorted);
        var held = sorted[^1];
        var fit = sorted[..^1];
        var (predicted, method) = Predict(fit, held.Nodes);
        // Each fitted count moved to its interval's upper end in turn: the prediction's shift from each, summed by sign.
        var shifts = fit.Select((m, i) => Predict([.. fit.Select((o, j) => j == i ? Scaled(o, UpperEnd(o)) : o)], held.Nodes).Predicted - predicted).ToList();
        var predictedRange = (predicted + shifts.Where(d => d < 0).Sum(), predicted + shifts.Where(d => d > 0).Sum());
        var measuredRange = (held.OpsPerSecond, held.OpsPerSecond * UpperEnd(held));
        var check = new PredictionCheck($"capacity on {held.Nodes} nodes (ops/s)", predicted, held.OpsPerSecond, Tolerance,
            held.Searches.Count == 1
                ? $"predicted by {method}; measured by the search on {held.Nodes} nodes"
                : $"predicted by {method}; measured: the median of {held.Searches.Count} searches on {held.Nodes} nodes (they found {G(held.Spread.Low)}–{G(held.Spread.High)} ops/s)");
        return new NodeCapacityAxis(sorted, usl, uslProblem, check, method, predictedRange, measuredRange, held.Nodes / (double)fit[^1].Nodes)
        {
            BusiestNodeCheck = ByBusiestNode(fit, held),
        };
    }

    /// <summary>The held-out count's capacity as the smaller counts predict it, and how, in words.</summary>
    private static (double Predicted, string Method) Predict(List<SearchedNodeCapacity> fit, int heldNodes)
    {
        var (heldUsl, _) = TryFit(fit);
        if (heldUsl is not null)
            return (heldUsl.Model.Throughput(heldNodes),
                $"the USL fitted on {string.Join(", ", fit.Select(m => m.Nodes))} node(s) (α {G(heldUsl.Model.Alpha)}, β {G(heldUsl.Model.Beta)}, γ {G(heldUsl.Model.Gamma)} ops/s)");
        if (fit.Count == 1)
            return (fit[0].OpsPerSecond * heldNodes / fit[0].Nodes, $"linear scaling from {fit[0].Nodes} node(s) (one node count below the held-out one: no USL)");
        var points = fit.SelectMany(m => m.CompletedPerSecond.Select(x => (N: (double)m.Nodes, X: x))).ToList();
        var mn = points.Average(p => p.N);
        var mx = points.Average(p => p.X);
        var slope = points.Sum(p => (p.N - mn) * (p.X - mx)) / points.Sum(p => (p.N - mn) * (p.N - mn));
        return (mx + slope * (heldNodes - mn),
            $"the least-squares line through {string.Join(", ", fit.Select(m => m.Nodes))} node(s) ({G(slope)} ops/s per node): the USL needs {UslModel.MinDistinctN} node counts besides the held-out one");
    }

    /// <summary><see cref="BusiestNodeCheck"/>: X(F) · s(F) / s(H) from the largest fitted count F of two nodes or more.</summary>
    private static PredictionCheck? ByBusiestNode(List<SearchedNodeCapacity> fit, SearchedNodeCapacity held)
    {
        var from = fit.LastOrDefault(m => m.Nodes >= 2 && m.BusiestShare is > 0);
        if (from is null || held.BusiestShare is not > 0) return null;
        var (sFrom, sHeld) = (from.BusiestShare!.Value, held.BusiestShare!.Value);
        return new PredictionCheck($"capacity on {held.Nodes} nodes by the busiest node (ops/s)", from.OpsPerSecond * sFrom / sHeld, held.OpsPerSecond, Tolerance,
            string.Create(CultureInfo.InvariantCulture,
                $"predicted as X({from.Nodes}) × s({from.Nodes}) / s({held.Nodes}) = {from.OpsPerSecond:N0} × {sFrom:P1} / {sHeld:P1}, s the busiest node's share of the cameras " +
                $"(an even split: {1.0 / from.Nodes:P1} and {1.0 / held.Nodes:P1}); measured by the search on {held.Nodes} nodes"));
    }

    /// <summary>The failing load over the passing one of the count's search (1 where nothing failed: no upper end known).</summary>
    private static double UpperEnd(SearchedNodeCapacity m) => m.FailedLoad is { } f && m.PassedLoad > 0 && f > m.PassedLoad ? f / m.PassedLoad : 1;

    /// <summary>The count with every search's capacity times <paramref name="factor"/>.</summary>
    private static SearchedNodeCapacity Scaled(SearchedNodeCapacity m, double factor) =>
        m with { Searches = m.Searches.Select(s => s with { CompletedPerSecond = s.CompletedPerSecond.Select(x => x * factor).ToList() }).ToList() };

    private static (UslFit? Fit, string? Problem) TryFit(IReadOnlyList<SearchedNodeCapacity> counts)
    {
        try
        {
            return (UslModel.Fit(counts.SelectMany(m => m.CompletedPerSecond.Select(x => new UslPoint(m.Nodes, x))).ToList()), null);
        }
        catch (Exception e) when (e is ArgumentException or ArithmeticException)
        {
            return (null, UslFitProblem.Of(e));
        }
    }

    private static string G(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
