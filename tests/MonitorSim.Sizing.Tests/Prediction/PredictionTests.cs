using MonitorSim.Sizing.Prediction;
using MonitorSim.Sizing.Queueing;

namespace MonitorSim.Sizing.Tests.Prediction;

/// <summary>Predictions that can fail: the error arithmetic, and the capacity and percentile predicted from light trials
/// only.</summary>
public sealed class PredictionTests
{
    [Theory]
    [InlineData(112, 100, 0.12, true)]
    [InlineData(80, 100, -0.20, true)]
    [InlineData(79, 100, -0.21, false)]
    [InlineData(130, 100, 0.30, true)]
    [InlineData(131, 100, 0.31, false)]
    public void The_error_is_predicted_over_measured_minus_one_and_a_hit_within_the_tolerance(double predicted, double measured, double error, bool hitAt30)
    {
        var check = new PredictionCheck("capacity", predicted, measured, predicted < measured ? 0.2 : 0.3, "test");

        Assert.Equal(error, check.Error, 9);
        Assert.Equal(hitAt30, check.Hit);
        Assert.Contains(hitAt30 ? "hit" : "MISSED", check.Describe());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(double.NaN)]
    [InlineData(-5)]
    public void A_measurement_that_cannot_check_makes_the_prediction_a_miss_not_a_pass(double measured)
    {
        var check = new PredictionCheck("p99", 40, measured, 0.3, "test");

        Assert.True(double.IsNaN(check.Error));
        Assert.False(check.Hit);
        Assert.Contains("error n/a", check.Describe());
    }

    [Fact]
    public void A_prediction_of_no_bound_is_a_miss_that_says_the_models_cores_are_full()
    {
        var check = new PredictionCheck("alarm p99 at load factor 1,618 (ms)", double.PositiveInfinity, 48.1, 0.3, "test");

        Assert.False(check.Hit);
        Assert.Contains("predicted no bound (the model's cores are full at that load)", check.Describe());
        Assert.DoesNotContain("Infinity", check.Describe());
    }

    /// <summary>Trials of a system with 0.2 cores of overhead and 200 µs per operation, 100 ops/s per unit load factor,
    /// on 2 cores: the light ones (below 1 core) are at load factors 5, 10, 20, 30.</summary>
    private static List<TrialPoint> Trials(params (double Lf, double P99Ms)[] extra)
    {
        var points = new[] { 5.0, 10, 20, 30 }.Select((lf, i) => new TrialPoint(i + 1, lf, lf * 100, 0.2 + lf * 100 * 200e-6, 5 + i * 0.1, HeldSlo: true)).ToList();
        points.AddRange(extra.Select((e, i) => new TrialPoint(10 + i, e.Lf, e.Lf * 100, 1.9, e.P99Ms, HeldSlo: true)));
        return points;
    }

    [Fact]
    public void Without_a_latency_slo_the_capacity_is_the_utilisation_laws_bound()
    {
        var (prediction, problem) = CapacityPrediction.Predict(Trials(), 2, slo: null);

        Assert.Null(problem);
        Assert.Equal(200e-6, prediction!.Demand.DemandSeconds, 9);
        Assert.Equal(0.2, prediction.Demand.OverheadCores, 9);
        Assert.Equal((2 - 0.2) / 200e-6, prediction.OpsPerSecond, 3); // 9,000 ops/s
        Assert.Equal(90, prediction.LoadFactor, 6);
        Assert.Equal([1, 2, 3, 4], prediction.FitTrials);
    }

    [Fact]
    public void A_percentile_slo_becomes_a_utilisation_limit_where_floor_plus_erlang_c_wait_meets_it()
    {
        var slo = new PercentileSlo("alarm", 0.99, 50);

        var (prediction, _) = CapacityPrediction.Predict(Trials(), 2, slo);

        // The floor is the lowest light-load p99 (5 ms); at the predicted load, 5 ms + W_q,0.99 = 50 ms on M/M/2 whose
        // servers run at (2 − 0.2)/2 of a core, so an operation takes 200 µs · 2/1.8.
        Assert.Equal(5, prediction!.FloorMs);
        var x = prediction.OpsPerSecond;
        var rho = (0.2 + x * 200e-6) / 2;
        Assert.Equal(rho, prediction.UtilisationLimit, 9);
        Assert.Equal(50, 5 + new ErlangC(2, x, 200e-6 * 2 / 1.8).WaitPercentileSeconds(0.99) * 1000, 3);
        Assert.InRange(rho, 0.5, 1);
        Assert.True(x < 9000, "below the utilisation law's bound");
    }

    [Fact]
    public void Trials_at_or_above_half_the_cores_are_not_seen_by_the_prediction()
    {
        var slo = new PercentileSlo("alarm", 0.99, 50);
        var (without, _) = CapacityPrediction.Predict(Trials(), 2, slo);

        // A heavy trial whose CPU is far off the light trials' line changes nothing.
        var (with, _) = CapacityPrediction.Predict(Trials((80, 400)), 2, slo);

        Assert.Equal(without!.OpsPerSecond, with!.OpsPerSecond, 9);
        Assert.DoesNotContain(10, with.FitTrials);
    }

    [Fact]
    public void The_percentile_is_the_floor_at_light_load_grows_with_the_load_and_is_unbounded_at_saturation()
    {
        var (prediction, _) = CapacityPrediction.Predict(Trials(), 2, new PercentileSlo("alarm", 0.99, 50));

        Assert.Equal(5, prediction!.PercentileMs(1));
        Assert.True(prediction.PercentileMs(8000) > prediction.PercentileMs(6000));
        Assert.Null(prediction.PercentileMs(9000));
    }

    /// <summary>The light trials of <see cref="Trials"/> with the alarm's mean latency of an M/M/2 whose service time is
    /// <paramref name="serviceMs"/> (0: flat at 2 ms), at each trial's utilisation of the 1.8 cores the overhead leaves.</summary>
    private static List<TrialPoint> WithMeans(double serviceMs) =>
        Trials().Select(t =>
        {
            var rho = t.CompletedPerSecond * 200e-6 / 1.8;
            var waitMs = serviceMs > 0 ? new ErlangC(2, rho * 2 / (serviceMs / 1000), serviceMs / 1000).MeanWaitSeconds * 1000 : 0;
            return t with { MeanMs = 2 + waitMs };
        }).ToList();

    [Fact]
    public void The_queues_service_time_is_fitted_on_the_light_trials_mean_latency_and_sets_the_percentile_where_they_did_not_go()
    {
        var slo = new PercentileSlo("alarm", 0.99, 250);

        var (prediction, _) = CapacityPrediction.Predict(WithMeans(serviceMs: 5), 2, slo);
        var (cpuOnly, _) = CapacityPrediction.Predict(Trials(), 2, slo);

        Assert.Equal(0.005, prediction!.FittedServiceSeconds!.Value, 9);
        var rho = 8000 * 200e-6 / 1.8;
        var expected = 5 + new ErlangC(2, rho * 2 / 0.005, 0.005).WaitPercentileSeconds(0.99) * 1000;
        Assert.Equal(expected, prediction.PercentileMs(8000)!.Value, 6);
        Assert.True(prediction.PercentileMs(8000) > 10 * (cpuOnly!.PercentileMs(8000) - 5), "a 5 ms quantum waits far longer than 200 µs of CPU");
        Assert.True(prediction.UtilisationLimit < cpuOnly.UtilisationLimit, $"limit {prediction.UtilisationLimit} vs {cpuOnly.UtilisationLimit}");
        Assert.True(prediction.PercentileMs(prediction.OpsPerSecond) <= 250 + 1e-6);
        Assert.Equal(0, prediction.FittedServiceStdErrSeconds!.Value, 9); // four means exactly on the M/M/2's curve
        Assert.Contains("5 ± 0 (1 σ) ms fitted on the light trials' mean alarm latency", prediction.Basis);
    }

    [Fact]
    public void Light_trials_whose_mean_latency_does_not_grow_leave_the_queue_at_the_cpus_own_service_time()
    {
        var (prediction, _) = CapacityPrediction.Predict(WithMeans(serviceMs: 0), 2, new PercentileSlo("alarm", 0.99, 250));

        Assert.Null(prediction!.FittedServiceSeconds);
        Assert.Equal(200e-6 * 2 / 1.8, prediction.ServiceSeconds, 12);
        Assert.Contains("did not grow with the load", prediction.Basis);
    }

    /// <summary>Demand probes of the same system with its load in bursts: 0.1 cores of overhead and 100 µs an operation
    /// (the wake-ups a smooth light load pays are gone), at load factors 20 and 30; the last at 1.5 cores is not light.</summary>
    private static List<TrialPoint> Probes(params double[] loadFactors) =>
        loadFactors.Select((lf, i) => new TrialPoint(20 + i, lf, lf * 100, 0.1 + lf * 100 * 100e-6, double.NaN, HeldSlo: false)).ToList();

    [Fact]
    public void With_demand_probes_the_demand_is_theirs_and_the_floor_and_operations_per_load_factor_stay_the_light_trials()
    {
        var (prediction, _) = CapacityPrediction.Predict(Trials(), 2, new PercentileSlo("alarm", 0.99, 50), Probes(20, 30));

        Assert.Equal(100e-6, prediction!.Demand.DemandSeconds, 9);
        Assert.Equal(0.1, prediction.Demand.OverheadCores, 9);
        Assert.Equal([20, 21], prediction.ProbeTrials);
        Assert.Equal([1, 2, 3, 4], prediction.FitTrials);
        Assert.Equal(5, prediction.FloorMs);           // a probe's latency includes its bursts' wait: not the floor
        Assert.Equal(100, prediction.OpsPerLoadFactor, 9);
        Assert.True(prediction.OpsPerSecond > 9000, "cheaper operations: more capacity than the light trials' line gives");
        Assert.Contains("demand probes 20, 21", prediction.Basis);
    }

    [Fact]
    public void A_probe_at_or_above_half_the_cores_is_not_fitted_and_one_light_probe_is_not_enough()
    {
        // Load factor 140: 0.1 + 1.4 = 1.5 cores of 2, not light. Left with one light probe, the light trials give the demand.
        var (prediction, _) = CapacityPrediction.Predict(Trials(), 2, slo: null, Probes(20, 140));

        Assert.Empty(prediction!.ProbeTrials);
        Assert.Equal(200e-6, prediction.Demand.DemandSeconds, 9);
        Assert.StartsWith("trials 1, 2, 3, 4", prediction.Basis);
    }

    [Fact]
    public void The_capacitys_standard_error_comes_from_the_demand_fit_zero_on_a_line_positive_when_the_probes_scatter()
    {
        var onLine = CapacityPrediction.Predict(Trials(), 2, null, Probes(10, 20, 30)).Prediction!;
        var scattered = Probes(10, 20, 30);
        scattered[1] = scattered[1] with { BusyCores = scattered[1].BusyCores + 0.02 };
        var noisy = CapacityPrediction.Predict(Trials(), 2, null, scattered).Prediction!;
        var twoOnly = CapacityPrediction.Predict(Trials(), 2, null, Probes(10, 20)).Prediction!;

        Assert.Equal(0, onLine.LoadFactorStdErr!.Value, 9);
        Assert.True(noisy.LoadFactorStdErr > 0.5, $"standard error {noisy.LoadFactorStdErr}");
        Assert.Contains("1 degree(s) of freedom", noisy.Basis);
        Assert.Null(twoOnly.LoadFactorStdErr); // two points leave no residual to estimate it from
    }

    [Fact]
    public void Fewer_than_two_light_trials_give_no_prediction_and_say_how_to_get_one()
    {
        var heavy = new List<TrialPoint> { new(1, 40, 4000, 0.99, 5, true), new(2, 80, 8000, 1.8, 9, true) };

        var (prediction, problem) = CapacityPrediction.Predict(heavy, 2, null);

        Assert.Null(prediction);
        Assert.Contains("--start", problem);
    }

    [Fact]
    public void A_light_trial_that_broke_the_slo_is_not_fitted()
    {
        // Light by its CPU, but above the capacity: a failing system's cheap errors and long tail are no light-load demand.
        var trials = Trials();
        trials.Add(new TrialPoint(9, 2, 150, 0.9, 900, HeldSlo: false));

        var (prediction, _) = CapacityPrediction.Predict(trials, 2, new PercentileSlo("alarm", 0.99, 50));

        Assert.Equal([1, 2, 3, 4], prediction!.FitTrials);
        Assert.Equal(200e-6, prediction.Demand.DemandSeconds, 9);
        Assert.Equal(5, prediction.FloorMs);
    }

    [Fact]
    public void When_the_first_trial_broke_the_slo_and_too_few_held_there_is_no_prediction_and_the_problem_says_why()
    {
        // The search's first trial broke the SLO; it halved the load, which broke it again, then once more, which held.
        var trials = new List<TrialPoint> { new(1, 8, 700, 0.3, 400, false), new(2, 4, 390, 0.25, 300, false), new(3, 2, 200, 0.2, 20, true) };

        var (prediction, problem) = CapacityPrediction.Predict(trials, 2, new PercentileSlo("alarm", 0.99, 50));

        Assert.Null(prediction);
        Assert.StartsWith("1 trial(s) held the SLO below half of the 2 cores (2 light trial(s) broke it and are not fitted", problem);
        Assert.Contains("--start", problem);
    }

    [Fact]
    public void An_slo_missed_at_light_load_predicts_no_capacity()
    {
        var (prediction, _) = CapacityPrediction.Predict(Trials(), 2, new PercentileSlo("alarm", 0.99, 4));

        Assert.Equal(0, prediction!.OpsPerSecond);
    }

    [Fact]
    public void The_capacity_is_checked_against_the_middle_of_the_searched_interval_and_each_held_out_trials_percentile()
    {
        var (prediction, _) = CapacityPrediction.Predict(Trials(), 2, new PercentileSlo("alarm", 0.99, 50));
        var at = prediction!.OpsPerSecond * 0.7;
        var heldOut = new List<TrialPoint> { new(20, at / 100, at, 1.4, prediction.PercentileMs(at)!.Value * 1.5, true), new(21, 89, 8900, 1.9, 30, true) };

        var checks = ClusterPredictions.Check(1, prediction, passedLoad: 64, failedLoad: 67, heldOut);

        var capacity = checks.Checks[0];
        Assert.Equal(Math.Sqrt(64 * 67), capacity.Measured, 9);
        Assert.Equal(prediction.LoadFactor, capacity.Predicted, 9);
        Assert.Equal(0.2, capacity.Tolerance);
        // Measured 1.5 × the prediction: error 1/1.5 − 1 = −33 %, a miss at ±30 %.
        Assert.Equal(1 / 1.5 - 1, checks.Checks[1].Error, 9);
        Assert.False(checks.Checks[1].Hit);
        // At 8,900 ops/s the prediction has no bound (ρ ≥ 1): a miss, not a pass.
        Assert.False(checks.Checks[2].Hit);
        Assert.Equal([20, 21], checks.HeldOutTrials);
        Assert.Equal(2, checks.Missed.Count() - (capacity.Hit ? 0 : 1));
    }

    [Fact]
    public void A_held_out_load_run_in_several_windows_is_checked_by_the_median_of_their_percentiles_at_their_mean_throughput()
    {
        var (prediction, _) = CapacityPrediction.Predict(Trials(), 2, new PercentileSlo("alarm", 0.99, 50));
        var at = prediction!.OpsPerSecond * 0.7;
        var predicted = prediction.PercentileMs(at)!.Value;
        // Three windows of the same load: one quiet, one on the prediction, one caught by a long pause.
        var windows = new List<TrialPoint>
        {
            new(30, at / 100, at * 0.99, 1.4, predicted * 0.5, true),
            new(32, at / 100, at * 1.01, 1.4, predicted * 20, true),
            new(34, at / 100, at, 1.4, predicted, true),
        };

        var check = ClusterPredictions.Check(1, prediction, passedLoad: null, failedLoad: null, windows).Checks.Single();

        Assert.Equal(predicted, check.Measured, 9);
        Assert.Equal(predicted, check.Predicted, 6);
        Assert.True(check.Hit);
        Assert.Contains("median of trials 30, 32, 34", check.Basis);
    }

    [Fact]
    public void A_held_out_window_that_measured_nothing_makes_its_loads_check_a_miss()
    {
        var (prediction, _) = CapacityPrediction.Predict(Trials(), 2, new PercentileSlo("alarm", 0.99, 50));
        var at = prediction!.OpsPerSecond * 0.7;
        var predicted = prediction.PercentileMs(at)!.Value;
        var windows = new List<TrialPoint> { new(30, at / 100, at, 1.4, predicted, true), new(32, at / 100, at, 1.4, double.NaN, true), new(34, at / 100, at, 1.4, predicted, true) };

        var check = ClusterPredictions.Check(1, prediction, null, null, windows).Checks.Single();

        Assert.False(check.Hit);
    }

    [Fact]
    public void An_unbracketed_search_leaves_the_capacity_unchecked()
    {
        var (prediction, _) = CapacityPrediction.Predict(Trials(), 2, null);

        var checks = ClusterPredictions.Check(1, prediction!, passedLoad: 64, failedLoad: null, []);

        Assert.Empty(checks.Checks);
    }
}
