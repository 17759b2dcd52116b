using MonitorSim.Domain.Supervision;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Scenarios;
using MonitorSim.TestSupport;

namespace MonitorSim.Load.Tests.Supervision;

/// <summary>
/// The calibration of scenarios/xuzhou-supervision-year.yaml against the seed (docs/domain.md#calibration): the figures the
/// parameters were derived from fall inside the 95 % prediction interval of the scenario's 30 seeded replications (a check
/// of the derivation's arithmetic), and the held-out figure is predicted with its interval, set by no parameter.
/// </summary>
public sealed class SupervisionYearCalibrationTests
{
    private static readonly ScenarioDefinition Year = ScenarioLoader.Load(RepoPaths.Scenario("xuzhou-supervision-year.yaml"));

    private static IReadOnlyList<CalibrationRow> Replicate()
    {
        var spec = Year.Supervision!;
        var city = TopologyBuilder.Build(Year.Topology, Year.Seed);
        return SupervisionCalibration.Replicate(spec, Organisation.Build(city, Year.Seed, spec.Organisation), spec.Replications);
    }

    [Fact]
    public void Every_figure_the_parameters_were_derived_from_falls_inside_the_95_percent_prediction_interval_of_30_replications()
    {
        Assert.Equal(30, Year.Supervision!.Replications);
        var rows = Replicate();

        Assert.Equal(SeedFigures.All.Count, rows.Count);
        var outside = rows.Where(r => !r.HeldOut && !r.Inside).Select(r => $"{r.Figure}: seed {r.Seed}, replications {r.Mean:0.0} [{r.Low:0.0}, {r.High:0.0}]").ToList();
        Assert.True(outside.Count == 0, string.Join("\n", outside));
        // A figure the commission sets has no spread: it comes out exactly.
        var listed = Assert.Single(rows, r => r.Seed == 301);
        Assert.Equal((301.0, 0.0, 301.0, 301.0), (listed.Mean, listed.Sd, listed.Low, listed.High));
    }

    [Fact]
    public void The_held_out_figure_is_predicted_as_a_five_year_mean_and_no_parameter_was_derived_from_it()
    {
        var rows = Replicate();

        var warned = Assert.Single(rows, r => r.HeldOut);
        Assert.Equal(29 / 5.0, warned.Seed);
        Assert.Equal(5, warned.Source.Years);
        // The interval is the five-year mean's: t(0.975, 29) · s · √(1/5 + 1/30) around the replications' mean.
        Assert.True(warned.Sd > 0, "units warned does not vary between replications: the interval would say nothing");
        Assert.Equal(warned.Mean - 2.0452296421 * warned.Sd * Math.Sqrt(1 / 5.0 + 1 / 30.0), warned.Low, 6);
        Assert.Equal(warned.Mean + 2.0452296421 * warned.Sd * Math.Sqrt(1 / 5.0 + 1 / 30.0), warned.High, 6);
        // Nothing in the derivation is about warnings, and the thresholds are the indicator system's defaults.
        var derivation = SupervisionDerivation.Of(Year.Supervision!);
        Assert.DoesNotContain(derivation, d => d.Figure.Contains("warn", StringComparison.OrdinalIgnoreCase) || d.Parameter.Contains("warning", StringComparison.Ordinal));
        Assert.Equal(1, Year.Supervision!.WarningThresholdScale);
    }

    [Fact]
    public void The_derivation_table_names_each_calibration_figure_with_the_scenarios_parameter_values()
    {
        var derivation = SupervisionDerivation.Of(Year.Supervision!);

        Assert.Equal(
        [
            "301 clues under listed supervision, in 5 batches", "480 clues from agricultural-subsidy data analysis",
            "11 working groups, 140 units visited, 67 problems", "403 held responsible", "283 of the 403 disciplined", "322 accountability handlings",
        ], derivation.Select(d => d.Figure));
        Assert.Equal("supervision_batches = 60 + 60 + 60 + 60 + 61 on days 45, 110, 180, 250, 320", derivation[0].Parameter);
        Assert.Equal("intake.data_analysis: a batch every 91 d, mean 120", derivation[1].Parameter);
        Assert.Equal("visits: 11 groups, 140 units, 0.4786 problems a visit", derivation[2].Parameter);
        Assert.Equal("substantiated_share = 0.164", derivation[3].Parameter);
        Assert.Equal("accountability_cited_share = 0.7857", derivation[5].Parameter);
        Assert.Contains("25 + 378 q = 322", derivation[5].Derivation, StringComparison.Ordinal);
    }

    [Fact]
    public void The_prediction_interval_is_students_t_times_the_spread_of_one_year_not_of_the_mean()
    {
        double[] values = [10, 12, 14, 10, 12, 14, 10, 12, 14, 12];
        // s = √(24/9) = 1.633; t(0.975, 9) = 2.2622. One year: half width 2.2622 × 1.633 × √(1 + 1/10) = 3.8744.
        var (mean, low, high) = SupervisionCalibration.PredictionInterval(values);
        Assert.Equal(12, mean, 9);
        Assert.Equal(8.125609, low, 5);
        Assert.Equal(15.874391, high, 5);
        // The mean of five years: √(1/5 + 1/10) instead, half width 2.0233.
        var (_, low5, high5) = SupervisionCalibration.PredictionInterval(values, years: 5);
        Assert.Equal(9.9766651, low5, 6);
        Assert.Equal(14.0233349, high5, 6);
        // The confidence interval of the mean (half width 1.168) would be √(n + 1) = 3.3 times narrower.
        Assert.Equal(Math.Sqrt(11), (high - low) / (2 * 2.2621571627 * SupervisionCalibration.StandardDeviation(values) / Math.Sqrt(10)), 6);
        Assert.Equal((301.0, 301.0, 301.0), SupervisionCalibration.PredictionInterval(Enumerable.Repeat(301.0, 10).ToList()));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 0)]
    public void A_prediction_interval_needs_two_replications_and_at_least_one_year(int replications, int years)
    {
        Assert.ThrowsAny<ArgumentException>(() => SupervisionCalibration.PredictionInterval(Enumerable.Repeat(1.0, replications).ToList(), years));
    }

    [Fact]
    public void The_year_scenario_reads_every_channel_batch_and_visit_the_seed_derivation_gives()
    {
        var spec = Year.Supervision!;
        Assert.Equal(9, spec.Channels.Count);
        Assert.Equal(301, spec.SupervisionBatches.Sum(b => b.Size));
        Assert.Equal(5, spec.SupervisionBatches.Count);
        Assert.Equal(new VisitCampaign(11, 140, 226, 10, 0.4786), spec.Visits);
        var data = Assert.IsType<BatchIntake>(Assert.Single(spec.Channels, c => c.Channel == ClueChannel.DataAnalysis).Process);
        Assert.Equal(480, data.MeanPerBatch * 4);
        Assert.Empty(spec.Problems());
    }
}
