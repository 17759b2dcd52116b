using MonitorSim.Sizing.Prediction;

namespace MonitorSim.Sizing.Tests.Prediction;

/// <summary>The capacity and percentile predicted from light trials that measured the collector's pauses: the cores the
/// pauses leave, the wait they add, and the fallback to the utilisation law where pauses were not measured.</summary>
public sealed class PausePredictionTests
{
    private static readonly PercentileSlo Slo = new("alarm", 0.99, 250);

    /// <summary>Light trials (below 1 of 2 cores) of a tree whose busy cores are 0.5·(X / 100,000)^0.6, paused 3 ms a
    /// collection and <paramref name="pausedPerOp"/> seconds per operation, at 326 ops/s per unit load factor.</summary>
    private static List<TrialPoint> Trials(double pausedPerOp = 0.36e-6, double scatter = 0, bool measuredPauses = true) =>
        new[] { 1.0, 8, 64, 128, 256, 512 }.Select((lf, i) =>
        {
            var x = lf * 326;
            var busy = 0.5 * Math.Pow(x / 100_000, 0.6) * (i == 3 ? 1 + scatter : 1);
            var paused = pausedPerOp * x;
            return new TrialPoint(i + 1, lf, x, busy, 4 + i * 0.5, HeldSlo: true, MeanMs: 1.2,
                PausedShare: measuredPauses ? paused : double.NaN, CollectionsPerSecond: measuredPauses ? paused / 0.003 : double.NaN);
        }).ToList();

    [Fact]
    public void Light_trials_that_measured_pauses_are_predicted_with_them_from_the_heaviest_trials_curve()
    {
        var (prediction, problem) = CapacityPrediction.Predict(Trials(), 2, Slo);

        Assert.Null(problem);
        Assert.NotNull(prediction!.Pauses);
        Assert.Equal(0.003, prediction.Pauses.PauseSeconds, 9);
        Assert.Equal(0.36e-6, prediction.Pauses.PausedSecondsPerOp, 12);
        Assert.Equal(1, prediction.Pauses.CollectorCores);
        Assert.Equal(0.6, prediction.Curve!.Exponent, 9);
        Assert.Equal([3, 4, 5, 6], prediction.Curve.Trials);
        Assert.True(prediction.Curve.LineDemandSeconds > 0);
        Assert.Equal(4, prediction.FloorMs, 9);
        Assert.Contains("collector pauses of 3 ms", prediction.Basis);
        Assert.Contains("× the heaviest fitted trial's throughput", prediction.Basis);
    }

    [Fact]
    public void The_percentile_at_the_predicted_capacity_meets_the_slo_and_a_little_more_load_breaks_it()
    {
        var prediction = CapacityPrediction.Predict(Trials(), 2, Slo).Prediction!;

        Assert.InRange(prediction.PercentileMs(prediction.OpsPerSecond)!.Value, 249.9, 250);
        Assert.True(prediction.PercentileMs(prediction.OpsPerSecond * 1.01) is null or > 250);
        Assert.InRange(prediction.UtilisationLimit, 0.9, 1);
        // The floor alone at light load: the pauses catch too few operations to reach the percentile.
        Assert.Equal(4, prediction.PercentileMs(1_000)!.Value, 9);
    }

    [Fact]
    public void Longer_pauses_per_operation_predict_a_lower_capacity()
    {
        var light = CapacityPrediction.Predict(Trials(0.36e-6), 2, Slo).Prediction!;
        var heavy = CapacityPrediction.Predict(Trials(0.72e-6), 2, Slo).Prediction!;

        Assert.True(heavy.LoadFactor < light.LoadFactor * 0.95, $"{heavy.LoadFactor} vs {light.LoadFactor}");
    }

    [Fact]
    public void The_server_collectors_cores_during_a_pause_are_its_own_so_the_same_trials_leave_the_operations_more()
    {
        var workstation = CapacityPrediction.Predict(Trials(), 2, Slo, collectorCores: 1).Prediction!;
        var server = CapacityPrediction.Predict(Trials(), 2, Slo, collectorCores: 2).Prediction!;

        Assert.Equal(2, server.Pauses!.CollectorCores);
        Assert.True(server.LoadFactor > workstation.LoadFactor);
    }

    [Fact]
    public void A_node_capped_below_one_core_gives_its_collector_the_quota_not_a_whole_core()
    {
        // size --node-cpus 0.4 on one node: light trials below 0.2 cores.
        var trials = new[] { 8.0, 16, 32, 64 }.Select((lf, i) =>
        {
            var x = lf * 326;
            var paused = 0.36e-6 * x;
            return new TrialPoint(i + 1, lf, x, 0.01 + 4e-6 * x, 4, HeldSlo: true, PausedShare: paused, CollectionsPerSecond: paused / 0.003);
        }).ToList();

        var (prediction, problem) = CapacityPrediction.Predict(trials, 0.4, Slo, collectorCores: 1);

        Assert.Null(problem);
        Assert.Equal(0.4, prediction!.Pauses!.CollectorCores, 9);
        Assert.True(prediction.OpsPerSecond > 0);
    }

    [Fact]
    public void Without_a_latency_slo_the_capacity_is_where_the_cores_between_pauses_run_out()
    {
        var prediction = CapacityPrediction.Predict(Trials(), 2, slo: null).Prediction!;

        Assert.Equal(1, prediction.Utilisation(prediction.OpsPerSecond), 6);
        Assert.Contains("where the cores between pauses run out", prediction.Basis);
    }

    [Fact]
    public void The_capacity_lies_between_what_the_line_and_the_power_law_each_predict()
    {
        var prediction = CapacityPrediction.Predict(Trials(), 2, Slo).Prediction!;
        var (line, power) = prediction.PausedLoadFactorRange!.Value;

        // A cost per operation that falls with the load (b = 0.6): the line through the heaviest trials holds it at what
        // it was there, so it spends the cores sooner.
        Assert.True(line < power, $"line {line}, power law {power}");
        Assert.InRange(prediction.LoadFactor, line, power);
        Assert.Null(prediction.LoadFactorStdErr);
        Assert.Contains("the line alone gives", prediction.Basis);
    }

    [Fact]
    public void Trials_without_pause_figures_are_predicted_by_the_utilisation_law()
    {
        var prediction = CapacityPrediction.Predict(Trials(measuredPauses: false), 2, Slo).Prediction!;

        Assert.Null(prediction.Pauses);
        Assert.Null(prediction.Curve);
        Assert.Contains("Erlang C", prediction.Basis);
    }

    [Fact]
    public void Trials_whose_heaviest_loads_saw_no_collection_are_predicted_by_the_utilisation_law()
    {
        var prediction = CapacityPrediction.Predict(Trials(pausedPerOp: 0), 2, Slo).Prediction!;

        Assert.Null(prediction.Pauses);
    }
}
