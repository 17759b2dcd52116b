using MonitorSim.Sizing.Planning;
using MonitorSim.Sizing.Usl;
using static MonitorSim.Sizing.Tests.Planning.Steps;

namespace MonitorSim.Sizing.Tests.Planning;

public sealed class SizingAnalysisTests
{
    private static readonly UslModel Truth = new(0.002, 0.00002, 300);

    private static PlanSettings Settings(double growth = 1, double peak = 3) => new(growth, peak, new HashSet<string> { "keepalive" }, 0.6, 16,
        MachineCores: 2, ScenarioLoadFactor: 1, JournalBytesPerRow: 100, JournalHoursPerDay: 9, Links: [], PrimaryOperation: "alarm");

    [Theory]
    [InlineData(5, 3)]
    [InlineData(8, 6)]
    public void The_second_to_last_step_is_held_out(int steps, int heldOutIndex)
    {
        Assert.Equal(heldOutIndex, HeldOutCheck.HeldOutIndex(steps));
    }

    [Fact]
    public void A_held_out_step_on_the_curve_the_others_follow_is_predicted_almost_exactly()
    {
        var steps = OnCurve(Truth, 8);

        var check = SizingAnalysis.Analyse(steps, Settings()).HeldOut!;

        Assert.Equal(7, check.Step);
        Assert.Equal(64, check.LoadFactor);
        Assert.True(check.ThroughputError < 0.01, $"error {check.ThroughputError:P2}");
    }

    [Fact]
    public void The_held_out_error_is_the_prediction_against_the_measurement_of_that_step()
    {
        var steps = OnCurve(Truth, 8);
        var truth = steps[6].CompletedPerSecond;
        steps[6] = Step(7, 64, truth * 0.9); // the system did 10 % worse than the curve at the held-out step

        var check = SizingAnalysis.Analyse(steps, Settings()).HeldOut!;

        Assert.Equal(truth * 0.9, check.MeasuredThroughput, 6);
        // The fit never saw step 7, so it still predicts the curve: |X − 0.9X| / 0.9X = 11.1 %.
        Assert.Equal(0.1 / 0.9, check.ThroughputError, 2);
    }

    [Fact]
    public void Busy_cores_at_a_throughput_are_read_between_the_steps_that_bracket_it()
    {
        // CPU that grows less than linearly: 0.25, 0.5, 1.0, 1.5 cores at 1k, 10k, 100k, 400k ops/s.
        var steps = new List<StepMeasurement>
        {
            Step(1, 1, 1_000, busyCores: 0.25), Step(2, 10, 10_000, busyCores: 0.5), Step(3, 100, 100_000, busyCores: 1.0), Step(4, 400, 400_000, busyCores: 1.5),
        };

        Assert.Equal(1.25, SizingAnalysis.BusyCoresAt(250_000, steps), 9);  // half way from 100k to 400k
        Assert.Equal(0.75, SizingAnalysis.BusyCoresAt(55_000, steps), 9);   // half way from 10k to 100k
        Assert.Equal(1.75, SizingAnalysis.BusyCoresAt(550_000, steps), 9);  // past the end, along the last two
    }

    [Fact]
    public void The_held_out_p99_is_predicted_at_the_busy_cores_the_neighbouring_steps_show()
    {
        // Busy cores rise by 0.15 per doubling of the load (0.3 at step 1, 1.05 at step 6, 1.35 at step 8), less than
        // linearly with throughput.
        var steps = OnCurve(Truth, 8);
        for (var i = 0; i < steps.Count; i++)
            steps[i] = Step(i + 1, steps[i].LoadFactor, steps[i].CompletedPerSecond, busyCores: 0.3 + 0.15 * i, alarmP99: 10 + i);

        var check = SizingAnalysis.Analyse(steps, Settings()).HeldOut!;

        Assert.Equal(7, check.Step);
        // Read between steps 6 (8,874 ops/s, 1.05 cores) and 8 (24,317 ops/s, 1.35 cores) at step 7's 15,912 ops/s: 1.187.
        Assert.Equal(1.187, check.Utilisation * 2, 2);
        Assert.NotNull(check.PredictedP99Ms);
        Assert.True(check.PredictedP99Ms >= 10, "at least the lowest p99 the fitted steps measured");
        Assert.Equal(16, check.MeasuredP99Ms);
        Assert.NotNull(check.P99Error);
    }

    [Fact]
    public void Fewer_than_five_steps_are_not_checked_and_the_report_says_why()
    {
        var analysis = SizingAnalysis.Analyse(OnCurve(Truth, 4), Settings());

        Assert.Null(analysis.HeldOut);
        Assert.Contains("at least 5 steps", analysis.HeldOutProblem);
    }

    [Fact]
    public void Relative_error_is_the_difference_over_the_measurement()
    {
        Assert.Equal(0.25, HeldOutCheck.RelativeError(predicted: 125, measured: 100), 12);
        Assert.Equal(0.2, HeldOutCheck.RelativeError(predicted: 80, measured: 100), 12);
        Assert.Equal(double.PositiveInfinity, HeldOutCheck.RelativeError(predicted: 1, measured: 0));
    }

    [Fact]
    public void The_knee_is_the_last_step_before_the_slo_breaks()
    {
        var steps = OnCurve(Truth, 6);
        steps[4] = steps[4] with { Slo = [new SloVerdict("alarm.p99 < 250ms", 300, false)] };

        Assert.Equal(4, SizingAnalysis.Knee(steps));
    }

    [Fact]
    public void The_knee_is_the_last_step_before_throughput_stops_growing()
    {
        var steps = OnCurve(Truth, 6);
        steps[5] = Step(6, 32, steps[4].CompletedPerSecond * 1.01);

        Assert.Equal(5, SizingAnalysis.Knee(steps));
    }

    [Fact]
    public void Service_demand_separates_the_cost_per_operation_from_the_overhead_at_no_load()
    {
        var analysis = SizingAnalysis.Analyse(OnCurve(Truth, 6, overhead: 0.1, demand: 5e-6, generatorShare: 0.2), Settings());

        Assert.Equal(5e-6, analysis.ProcessDemand.DemandSeconds, 9);
        Assert.Equal(0.1, analysis.ProcessDemand.OverheadCores, 6);
        Assert.Equal(5e-6 * 0.8, analysis.TreeDemand.DemandSeconds, 9);
        Assert.Equal(5e-6 * 0.2, analysis.GeneratorDemand!.DemandSeconds, 9);
    }

    [Fact]
    public void A_noisy_demand_line_with_a_negative_overhead_falls_back_to_the_utilisation_law_through_the_origin()
    {
        var demand = ServiceDemand.Fit("tree", [(100, 0.0), (200, 0.5), (300, 1.0)]);

        Assert.Equal(0, demand.OverheadCores);
        Assert.Equal(1.5 / 600, demand.DemandSeconds, 12);
    }

    [Fact]
    public void Scenario_rates_are_the_offered_rates_per_unit_of_load_factor()
    {
        var analysis = SizingAnalysis.Analyse(OnCurve(new UslModel(0, 0, 300), 5), Settings());

        // On a straight line every step offers 300 per unit load factor: 90 % keepalives, 10 % alarms.
        Assert.Equal(270, analysis.Plan.Inputs.BaseRates["keepalive"], 6);
        Assert.Equal(30, analysis.Plan.Inputs.BaseRates["alarm"], 6);
    }
}
