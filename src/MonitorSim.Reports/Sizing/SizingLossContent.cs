using System.Globalization;
using MonitorSim.Sizing.Planning;

namespace MonitorSim.Reports.Sizing;

/// <summary>Trials that broke the SLO on lost operations alone (<see cref="StepMeasurement.BrokeOnLossAlone"/>), for the
/// report's first lines: a search bounded by them measured a defect, not the hardware.</summary>
internal static class SizingLossContent
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>One line per node count with such trials: which, at what loads, on which objectives.</summary>
    public static IEnumerable<string> Lines(SizingRun run)
    {
        var flagged = SizingContent.ListedSteps(run).Where(l => l.Step.BrokeOnLossAlone);
        foreach (var group in flagged.GroupBy(l => l.Nodes ?? l.Step.Nodes).OrderBy(g => g.Key))
        {
            var trials = group.Select(l => l.Step).OrderBy(s => s.Number).ToList();
            var broken = string.Join("; ", trials.Select(s =>
                $"trial {s.Number.ToString(Inv)} at load factor {SizingContent.N(s.LoadFactor)}: " +
                string.Join(", ", s.Slo.Where(v => !v.Passed).Select(v => $"{v.Expr} broke at {(v.Value is { } x ? SizingContent.N(x) : "no value")}"))));
            yield return $"OPERATIONS LOST BELOW OVERLOAD on {SizingContent.NodeCount(group.Key)}: " +
                         $"{(trials.Count == 1 ? "a trial" : $"{trials.Count.ToString(Inv)} trials")} broke the SLO only on lost or failed operations " +
                         $"while every latency objective held under {StepMeasurement.LossAloneLatencyShare * 100:0} % of its limit ({broken}). " +
                         "A tree near its capacity queues before it loses anything: these operations were lost by a defect, not for want of " +
                         "hardware. The search counts the trials as failed, so a capacity bounded by them is the defect's.";
        }
    }
}
