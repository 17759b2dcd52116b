using MonitorSim.Sizing.Planning;
using MonitorSim.Sizing.Usl;
using static MonitorSim.Sizing.Tests.Planning.Steps;

namespace MonitorSim.Sizing.Tests.Planning;

public sealed class SizingAnalysisTests
{
    private static readonly UslModel Truth = new(0.002, 0.00002, 300);

    private static PlanSettings Settings(double growth = 1, double peak = 3) => new(growth, peak, new HashSet<string> { "keepalive" }, 0.6, 16,
        ScenarioLoadFactor: 1, JournalBytesPerRow: 100, JournalHoursPerDay: 9, Links: []);

    [Fact]
    public void Relative_error_is_the_difference_over_the_measurement()
    {
        Assert.Equal(0.25, NodeHeldOut.RelativeError(predicted: 125, measured: 100), 12);
        Assert.Equal(0.2, NodeHeldOut.RelativeError(predicted: 80, measured: 100), 12);
        Assert.Equal(double.PositiveInfinity, NodeHeldOut.RelativeError(predicted: 1, measured: 0));
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
    public void A_transient_failure_at_a_low_load_that_its_recheck_passed_does_not_end_the_knee()
    {
        // A fresh node's first trial at load factor 1 broke the SLO once; the search bisected below it, rechecked it (passed)
        // and doubled on to 4 before load factor 8 failed.
        List<StepMeasurement> steps =
        [
            Step(1, 1, 300, sloHeld: false), Step(2, 0.5, 150), Step(3, 0.707, 212), Step(4, 1, 300), Step(5, 2, 600),
            Step(6, 4, 1_200), Step(7, 8, 2_400, sloHeld: false), Step(8, 8, 2_400, sloHeld: false),
        ];

        Assert.Equal(6, SizingAnalysis.Knee(steps));
    }

    [Fact]
    public void Bisected_loads_within_five_percent_of_each_other_that_keep_up_do_not_end_the_knee()
    {
        // The search's boundary: 512, then 558.34 and 583.06 (4.4 % apart), each completing what its load offered; 608.874
        // failed both its trials.
        List<StepMeasurement> steps =
        [
            Step(1, 256, 83_500), Step(2, 512, 167_000), Step(3, 608.874, 198_600, sloHeld: false), Step(4, 558.34, 182_100),
            Step(5, 583.06, 190_200), Step(6, 608.874, 198_600, sloHeld: false), Step(7, 583.06, 190_200), Step(8, 583.06, 190_200),
        ];

        Assert.Equal(8, SizingAnalysis.Knee(steps));
    }

    [Fact]
    public void A_load_that_failed_more_of_its_trials_than_it_passed_ends_the_knee_below_it()
    {
        List<StepMeasurement> steps =
        [
            Step(1, 256, 83_500), Step(2, 512, 167_000), Step(3, 558.34, 182_100), Step(4, 583.06, 190_200),
            Step(5, 583.06, 190_200, sloHeld: false), Step(6, 583.06, 190_200, sloHeld: false),
        ];

        Assert.Equal(3, SizingAnalysis.Knee(steps));
    }

    [Fact]
    public void Service_demand_separates_the_cost_per_operation_from_the_overhead_at_no_load()
    {
        var analysis = SizingAnalysis.Analyse(OnCurve(Truth, 6, overhead: 0.1, demand: 5e-6, generatorShare: 0.2), Settings());

        Assert.Equal(5e-6, analysis.ProcessDemand!.DemandSeconds, 9);
        Assert.Equal(0.1, analysis.ProcessDemand.OverheadCores, 6);
        Assert.Equal(5e-6 * 0.8, analysis.TreeDemand!.DemandSeconds, 9);
        Assert.Equal(5e-6 * 0.2, analysis.GeneratorDemand!.DemandSeconds, 9);
    }

    [Fact]
    public void When_the_lowest_trial_already_broke_the_slo_no_demand_is_fitted_and_no_role_is_sized()
    {
        // The search's first trial broke the SLO, and so did every lower load it halved to: every trial is above the capacity.
        var steps = OnCurve(Truth, 4).Select(s => s with { Slo = [new SloVerdict("alarm.p99 < 250ms", 400, false)] }).ToList();

        var analysis = SizingAnalysis.Analyse(steps, Settings());

        Assert.Null(analysis.KneeStep);
        Assert.Null(analysis.ProcessDemand);
        Assert.Null(analysis.TreeDemand);
        Assert.Null(analysis.GeneratorDemand);
        Assert.Empty(analysis.Plan.Roles);
        Assert.Empty(analysis.Plan.PredictedP99Ms);
        Assert.Null(analysis.JournalRowsPerLoadFactorSecond);
        Assert.StartsWith("no trial held the SLO: the lowest load tried, load factor 1 (trial 1), already broke it (alarm.p99 < 250ms: 400)", analysis.FitProblem);
        // The production load is the scenario's offered rates, not a fit: still planned.
        Assert.True(analysis.Plan.TotalOpsPerSecond > 0);
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
