using MonitorSim.Domain.Topology;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;
using MonitorSim.Load.Thresholds;

namespace MonitorSim.Load.Tests.Targets;

/// <summary>Percentiles beyond p50/p90/p99/p99.9, asked for by the scenario (NBomber's are fixed).</summary>
public sealed class PercentileTests
{
    private const string Yaml = """
        name: tails
        duration: 2s
        completion_timeout: 1s
        percentiles: [75, 99.99, 99.9]
        scenarios:
          - name: s
            operation: { target: fixed_delay, delay: 2ms }
            load:
              - inject: { rate: 2000, interval: 1s, during: 1.5s }
        thresholds:
          - "fixed_delay.p9999 < 5s"
          - "fixed_delay.p75 >= 2ms"
        """;

    [Fact]
    public void A_scenario_lists_the_percentiles_it_wants_and_thresholds_may_use_them()
    {
        var scenario = ScenarioLoader.Parse(Yaml, "tails.yaml");

        Assert.Equal([75, 99.99], scenario.Percentiles); // 99.9 is standard: reported anyway
        Assert.Equal(["p9999", "p75"], scenario.Thresholds.Select(t => t.Expression.Stat));
        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Yaml.Replace("[75, 99.99, 99.9]", "[75, 100]"), "tails.yaml"));
        Assert.Contains(error.Errors, e => e.Field == "percentiles[1]" && e.Line == 4);
    }

    [Fact]
    public async Task The_run_reports_the_extra_percentiles_in_order_of_the_tail()
    {
        var scenario = ScenarioLoader.Parse(Yaml, "tails.yaml");
        var outcome = await new LoadEngine(scenario, TopologyBuilder.Build(new TopologySpec(3, 12, 30, 2, 4), 1)).RunAsync(
            _ => throw new InvalidOperationException("no tree"), _ => Task.FromResult(TreeStatus.Unknown), _ => "no faults");

        var s = outcome.Latency["fixed_delay"];
        Assert.Equal(3000, s.Count);
        Assert.NotNull(s.Extra);
        Assert.True(s.P50 <= s.Extra["p75"] && s.Extra["p75"] <= s.P90, $"p50 {s.P50}, p75 {s.Extra["p75"]}, p90 {s.P90}");
        Assert.True(s.P999 <= s.Extra["p9999"] && s.Extra["p9999"] <= s.Max);
        var metrics = new RunMetrics(outcome, 2);
        Assert.All(scenario.Thresholds, t => Assert.True(t.Expression.Evaluate(metrics).Passed, t.Text));
        Assert.Equal(s.Extra["p9999"], metrics.Get("fixed_delay", "p9999"));
        Assert.Null(metrics.Get("fixed_delay", "p42")); // not asked for: no value, so a threshold on it fails
    }

    [Theory]
    [InlineData(99.99, "p9999")]
    [InlineData(99.9, "p999")]
    [InlineData(75, "p75")]
    [InlineData(99.999, "p99999")]
    public void A_percentile_key_is_its_number_without_the_point(double percentile, string key) =>
        Assert.Equal(key, LatencyStats.KeyOf(percentile));

    [Fact]
    public void A_made_up_statistic_is_still_refused()
    {
        var error = Assert.Throws<ThresholdParseException>(() => ThresholdExpression.Parse("alarm.pq9 < 5ms"));
        Assert.Equal(7, error.Column);
    }
}
