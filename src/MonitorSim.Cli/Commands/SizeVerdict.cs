using System.Globalization;
using MonitorSim.Reports;
using MonitorSim.Reports.Sizing;
using MonitorSim.Sizing.Prediction;
using MonitorSim.Sizing.Search;

namespace MonitorSim.Cli.Commands;

/// <summary>
/// What makes <c>monitorsim size</c> exit 1: the design load does not fit (the capacity search found no load at or above
/// the scenario's load factor that held every SLO in every repeat: the machine under test does not carry the city as
/// designed), or a prediction missed the measurement that checks it by more than its tolerance (capacity ±20 %, held-out
/// percentile ±30 %, held-out node count ±15 %: the targets docs/sizing.md sets). Kept apart from SizeJob and the plan so
/// that the search can change how it measures without changing what a pipeline gates on.
/// </summary>
public static class SizeVerdict
{
    /// <summary>The checks of a sizing run, as JUnit cases (a failing one fails the command).</summary>
    public static IReadOnlyList<JUnitCase> Checks(SizingRun run, double designLoadFactor)
    {
        ArgumentNullException.ThrowIfNull(run);
        var first = run.Clusters is { Count: > 0 } clusters ? clusters[0] : null;
        return Checks(first?.Search, first?.Nodes ?? 1, run.Predictions ?? [], run.NodeCapacity, run.Slo, designLoadFactor);
    }

    /// <summary>The checks of a search on <paramref name="nodes"/> node(s) held to <paramref name="slo"/>, and of every
    /// prediction made beside it.</summary>
    public static IReadOnlyList<JUnitCase> Checks(SearchResult? search, int nodes, IReadOnlyList<ClusterPredictions> predictions,
        NodeCapacityAxis? nodeAxis, IReadOnlyList<string> slo, double designLoadFactor)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(slo);
        var on = nodes == 1 ? "1 node" : $"{nodes} nodes";
        var name = $"design load (load factor {N(designLoadFactor)}) fits on {on}";
        var cases = new List<JUnitCase>();
        if (search is null)
            cases.Add(new JUnitCase(name, false, null, "no capacity search ran"));
        else if (search.PassedLoad is not { } passed)
            cases.Add(new JUnitCase(name, false, null,
                $"no load held every SLO ({string.Join(", ", slo)}) in every repeat: {search.StopReason}"));
        else
        {
            var fits = passed >= designLoadFactor - 1e-9;
            var above = search.FailedLoad is { } f ? $", the lowest that failed {N(f)}" : ", none failed";
            cases.Add(new JUnitCase(name, fits, passed,
                $"the highest load that held every SLO in every repeat was load factor {N(passed)}{above}{(fits ? "" : $": below the design load's {N(designLoadFactor)}")}"));
        }

        foreach (var cluster in predictions)
        {
            var size = cluster.Nodes == 1 ? "1 node" : $"{cluster.Nodes} nodes";
            if (cluster.Checks.Count == 0)
            {
                var why = cluster.Problem ?? "no measurement to check the predictions against";
                cases.Add(new JUnitCase($"predictions on {size}", true, null, why, Skipped: why));
                continue;
            }
            foreach (var check in cluster.Checks) cases.Add(Case(size, check));
        }
        if (nodeAxis?.HeldOut is { } held) cases.Add(Case("node axis", held));
        return cases;
    }

    private static JUnitCase Case(string where, PredictionCheck check) =>
        new($"{where}: {check.Figure} predicted within ±{(check.Tolerance * 100).ToString("0", CultureInfo.InvariantCulture)} %", check.Hit,
            double.IsFinite(check.Error) ? check.Error * 100 : null, $"{check.Describe()}; from {check.Basis}");

    private static string N(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
