using MonitorSim.Domain.Supervision;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Scenarios;
using MonitorSim.TestSupport;

namespace MonitorSim.Load.Tests.Supervision;

/// <summary>
/// The calibration of scenarios/xuzhou-supervision-year.yaml against the seed (docs/domain.md#the-seeds-figures): over 10 seeded replications
/// of the year, each seed figure falls inside the 95 % confidence interval of the replications' mean (Student's t, 9
/// degrees of freedom). A figure the commission sets (301 clues in five batches) has no spread, so it must come out exactly.
/// </summary>
public sealed class SupervisionYearCalibrationTests
{
    private static readonly ScenarioDefinition Year = ScenarioLoader.Load(RepoPaths.Scenario("xuzhou-supervision-year.yaml"));

    [Fact]
    public void Every_seed_figure_falls_inside_the_95_percent_interval_of_ten_replications_of_the_year()
    {
        var spec = Year.Supervision!;
        var city = TopologyBuilder.Build(Year.Topology, Year.Seed);
        var org = Organisation.Build(city, Year.Seed, spec.Organisation);
        var rows = SupervisionCalibration.Replicate(spec, org, replications: 10);

        Assert.Equal(SeedFigures.Year.Count, rows.Count);
        var outside = rows.Where(r => !r.Inside).Select(r => $"{r.Figure}: seed {r.Seed}, replications {r.Mean:0.0} [{r.Low:0.0}, {r.High:0.0}]").ToList();
        Assert.True(outside.Count == 0, string.Join("\n", outside));
    }

    [Fact]
    public void The_interval_is_students_t_around_the_mean_and_a_figure_without_spread_has_none()
    {
        var (mean, low, high) = SupervisionCalibration.Interval([10, 12, 14, 10, 12, 14, 10, 12, 14, 12]);
        Assert.Equal(12, mean, 9);
        // sd = sqrt(24/9) = 1.633; t(0.975, 9) = 2.262; half width = 2.262 × 1.633 / sqrt(10) = 1.168.
        Assert.Equal(10.832, low, 3);
        Assert.Equal(13.168, high, 3);
        Assert.Equal((301.0, 301.0, 301.0), SupervisionCalibration.Interval(Enumerable.Repeat(301.0, 10).ToList()));
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
