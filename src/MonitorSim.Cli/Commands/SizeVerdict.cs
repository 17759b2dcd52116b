using System.Globalization;
using MonitorSim.Reports;
using MonitorSim.Reports.Sizing;
using MonitorSim.Sizing.Prediction;

namespace MonitorSim.Cli.Commands;

/// <summary>
/// What makes <c>monitorsim size</c> exit 1: the design load does not fit (no measured configuration's searched capacity —
/// completed operations per second at the highest load that held every SLO in every repeat — reaches the named design
/// load, the one the report's first line states: <see cref="SizingAnswer"/>), or a prediction missed the measurement that
/// checks it by more than its tolerance (capacity ±20 %, held-out percentile ±30 %, held-out node count and the vertical axis's held-out quota ±15 %: the targets
/// docs/sizing.md sets). Kept apart from SizeJob and the plan so that the search can change how it measures without
/// changing what a pipeline gates on.
/// </summary>
public static class SizeVerdict
{
    /// <summary>The checks of a sizing run, as JUnit cases (a failing one fails the command).</summary>
    public static IReadOnlyList<JUnitCase> Checks(SizingRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var cases = Checks(SizingAnswer.Of(run), run.Predictions ?? [], run.NodeCapacity, run.Slo);
        // The vertical axis's held-out quota, a prediction like the others: a miss fails the run.
        return run.Vertical?.Axis.HeldOut is { } held ? [.. cases, Case("vertical axis", held)] : cases;
    }

    /// <summary>The design load's fit on the configuration <paramref name="answer"/> names (null: no search ran), and every
    /// prediction made beside it.</summary>
    public static IReadOnlyList<JUnitCase> Checks(SizingAnswer? answer, IReadOnlyList<ClusterPredictions> predictions, NodeCapacityAxis? nodeAxis,
        IReadOnlyList<string> slo)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(slo);
        var cases = new List<JUnitCase>();
        if (answer is null)
            cases.Add(new JUnitCase("design load fits", false, null, "no capacity search ran"));
        else
        {
            var design = $"design load ({N(answer.Design.OpsPerSecond)} ops/s, {answer.Design.Chosen.Name})";
            var name = $"{design} fits on {answer.Configuration()}";
            if (answer.CapacityOpsPerSecond is not { } capacity)
                cases.Add(new JUnitCase(name, false, null, $"no load held every SLO ({string.Join(", ", slo)}) in every repeat"));
            else
                cases.Add(new JUnitCase(name, answer.Fits, answer.Margin,
                    $"capacity {N(capacity)} ops/s (load factor {N(answer.PassedLoad!.Value)} held every SLO in every repeat" +
                    (answer.FailedLoad is { } f ? $", {N(f)} failed" : ", none failed") + $") / {N(answer.Design.OpsPerSecond)} ops/s = margin " +
                    answer.Margin.ToString("0.00", CultureInfo.InvariantCulture) + (answer.Fits ? "" : ": below 1, the design load does not fit")));
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

    private static string N(double v) => v.ToString("#,0.###", CultureInfo.InvariantCulture);
}
