using MonitorSim.Sizing.Prediction;

namespace MonitorSim.Sizing.Tests.Prediction;

/// <summary>Busy cores against throughput as a power law over the heaviest light trials: a cost per operation that falls
/// with the load, fitted where it already falls, with the reach of the extrapolation stated.</summary>
public sealed class BusyCoresCurveTests
{
    /// <summary>B = 0.5·(X / 100,000)^0.6 at the given throughputs.</summary>
    private static List<(double, double, int)> OnCurve(params double[] ops) =>
        ops.Select((x, i) => (x, 0.5 * Math.Pow(x / 100_000, 0.6), i + 1)).ToList();

    [Fact]
    public void A_power_law_is_recovered_with_its_exponent_and_no_scatter()
    {
        var curve = BusyCoresCurve.Fit(OnCurve(25_000, 50_000, 100_000, 200_000))!;

        Assert.Equal(0.6, curve.Exponent, 9);
        Assert.Equal(0, curve.ExponentStdErr!.Value, 9);
        Assert.Equal(0.5 * Math.Pow(4, 0.6), curve.BusyCores(400_000), 9);
        Assert.Equal([1, 2, 3, 4], curve.Trials);
        Assert.Equal(2, curve.ExtrapolationRatio(400_000), 9);
    }

    [Fact]
    public void Beyond_the_trials_the_line_lies_above_a_falling_cost_and_the_middle_between_them()
    {
        var curve = BusyCoresCurve.Fit(OnCurve(25_000, 50_000, 100_000, 200_000))!;

        // Within the trials the two agree to a few hundredths; at twice the heaviest the line holds the cost per operation.
        Assert.Equal(curve.BusyCores(100_000), curve.LineBusyCores(100_000), 1);
        Assert.True(curve.LineBusyCores(400_000) > curve.BusyCores(400_000));
        Assert.Equal(Math.Sqrt(curve.LineBusyCores(400_000) * curve.BusyCores(400_000)), curve.MiddleBusyCores(400_000), 12);
        Assert.InRange(curve.MiddleBusyCores(400_000), curve.BusyCores(400_000), curve.LineBusyCores(400_000));
    }

    [Fact]
    public void Trials_lighter_than_an_eighth_of_the_heaviest_are_left_out_as_the_fixed_work_dominates_them()
    {
        var trials = OnCurve(25_000, 50_000, 100_000, 200_000);
        trials.Insert(0, (1_000, 0.1, 9)); // the tree's timers and sweeps: far above the curve

        var curve = BusyCoresCurve.Fit(trials)!;

        Assert.DoesNotContain(9, curve.Trials);
        Assert.Equal(0.6, curve.Exponent, 9);
    }

    [Fact]
    public void Two_trials_further_apart_than_the_span_are_both_fitted_and_give_no_standard_error()
    {
        var curve = BusyCoresCurve.Fit(OnCurve(1_000, 100_000))!;

        Assert.Equal([1, 2], curve.Trials);
        Assert.Equal(0.6, curve.Exponent, 9);
        Assert.Null(curve.ExponentStdErr);
    }

    [Fact]
    public void Scattered_trials_give_the_exponent_a_standard_error()
    {
        var trials = OnCurve(25_000, 50_000, 100_000, 200_000);
        trials[1] = (50_000, trials[1].Item2 * 1.2, 2);

        Assert.True(BusyCoresCurve.Fit(trials)!.ExponentStdErr > 0.01);
    }

    [Fact]
    public void Fewer_than_two_usable_trials_fit_nothing()
    {
        Assert.Null(BusyCoresCurve.Fit(OnCurve(100_000)));
        Assert.Null(BusyCoresCurve.Fit([(100_000, 0.5, 1), (100_000, 0.6, 2)]));
        Assert.Null(BusyCoresCurve.Fit([(100_000, 0.5, 1), (0, 0.1, 2)]));
    }
}
