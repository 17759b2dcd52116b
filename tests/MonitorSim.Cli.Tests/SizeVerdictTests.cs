using MonitorSim.Cli.Commands;
using MonitorSim.Sizing.Planning;

namespace MonitorSim.Cli.Tests;

/// <summary>What makes <c>monitorsim size</c> exit 1: the design load does not fit, or the held-out prediction missed by
/// more than 15 %. Judged on analyses of made-up steps (a sizing run takes minutes; SizeCommandTests runs one).</summary>
public sealed class SizeVerdictTests
{
    private static readonly double[] LoadFactors = [1, 2, 4, 8, 16, 32];

    private static StepMeasurement Step(int number, double lf, double x, bool held)
    {
        var ops = new Dictionary<string, OperationFigures> { ["alarm"] = new(x, x, 0, 3, 2, 5, 10 + lf / 20, 30, 2000) };
        return new StepMeasurement(number, lf, 20, lf * 320, x, 0, 0, ops, (0.1 + x * 2e-4) * 20, 1, 3, 1, 0, 50, 300, null, 2,
            [new SloVerdict("alarm.p99 < 250ms", 10 + lf / 20, held)]);
    }

    /// <summary>Six steps whose throughput follows <paramref name="throughputs"/>; the SLO holds up to <paramref name="heldUpTo"/> steps.</summary>
    private static SizingAnalysis Analysis(double[] throughputs, int heldUpTo) =>
        SizingAnalysis.Analyse(LoadFactors.Select((lf, i) => Step(i + 1, lf, throughputs[i], held: i < heldUpTo)).ToList(),
            new PlanSettings(3, 3, new HashSet<string>(), 0.6, 16, 2, 1, 180, 9, [], "alarm"));

    private static readonly double[] Smooth = [320, 640, 1270, 2500, 4700, 5000];

    [Fact]
    public void A_design_load_under_the_knee_and_a_held_out_step_predicted_within_15_percent_pass()
    {
        var analysis = Analysis(Smooth, heldUpTo: 5);
        Assert.True(analysis.HeldOut!.ThroughputError <= 0.15, $"the made-up steps should predict well: {analysis.HeldOut.ThroughputError:P1}");

        var checks = SizeVerdict.Checks(analysis, ["alarm.p99 < 250ms"], designLoadFactor: 4);

        Assert.All(checks, c => Assert.True(c.Passed, c.Message));
        Assert.Equal(16, checks[0].Value); // the knee's load factor
    }

    [Fact]
    public void A_design_load_above_the_last_step_that_held_its_slo_does_not_fit()
    {
        var checks = SizeVerdict.Checks(Analysis(Smooth, heldUpTo: 3), ["alarm.p99 < 250ms"], designLoadFactor: 8);

        var fit = checks[0];
        Assert.False(fit.Passed);
        Assert.Contains("ran at load factor 4, below the design load's 8", fit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_the_first_step_already_broke_the_slo_nothing_fits()
    {
        var checks = SizeVerdict.Checks(Analysis(Smooth, heldUpTo: 0), ["alarm.p99 < 250ms"], designLoadFactor: 1);

        Assert.False(checks[0].Passed);
        Assert.Contains("no step held every SLO (alarm.p99 < 250ms)", checks[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_held_out_step_the_model_missed_by_more_than_15_percent_fails()
    {
        // The fifth step (held out) falls far below the curve the others draw: a knee the USL cannot see coming.
        var analysis = Analysis([320, 640, 1270, 2500, 2600, 5000], heldUpTo: 6);
        Assert.True(analysis.HeldOut!.ThroughputError > 0.15, $"{analysis.HeldOut.ThroughputError:P1}");

        var checks = SizeVerdict.Checks(analysis, ["alarm.p99 < 250ms"], designLoadFactor: 1);

        var prediction = checks[1];
        Assert.False(prediction.Passed);
        Assert.Equal(analysis.HeldOut.ThroughputError * 100, prediction.Value!.Value, 9);
        Assert.Contains("step 5 (load factor 16): measured 2600/s", prediction.Message, StringComparison.Ordinal);
    }
}
