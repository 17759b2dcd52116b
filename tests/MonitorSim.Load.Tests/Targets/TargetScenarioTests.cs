using MonitorSim.Load.Scenarios;

namespace MonitorSim.Load.Tests.Targets;

public sealed class TargetScenarioTests
{
    private static ScenarioDefinition Parse(string operation) => ScenarioLoader.Parse($$"""
        name: engine_check
        scenarios:
          - name: s
            operation: {{operation}}
            load:
              - inject: { rate: 10, interval: 1s }
        """, "engine.yaml");

    [Fact]
    public void Noop_has_a_shorthand_and_needs_no_tree()
    {
        var stream = Assert.Single(Parse("noop").Streams);
        Assert.IsType<NoopTarget>(stream.Target);
        Assert.False(stream.UsesTree);
    }

    [Fact]
    public void Every_target_reads_its_parameters()
    {
        Assert.Equal(new FixedDelayTarget(TimeSpan.FromMilliseconds(5)), Parse("{ target: fixed_delay, delay: 5ms }").Streams[0].Target);
        Assert.Equal(new QueueTarget(2, new ServiceTimeSpec(ServiceDistribution.LogNormal, TimeSpan.FromMilliseconds(10), 1.5)),
            Parse("{ target: queue, workers: 2, service_time: { distribution: lognormal, mean: 10ms, cv: 1.5 } }").Streams[0].Target);
        Assert.Equal(new StallTarget(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), TimeSpan.Zero),
            Parse("{ target: stall, every: 10s, for: 1s }").Streams[0].Target);
        Assert.Equal(new StallTarget(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), TimeSpan.Zero, Silent: true),
            Parse("{ target: stall, every: 10s, for: 1s, silent: true }").Streams[0].Target);
        Assert.True(Parse("keepalive").Streams[0].UsesTree);
    }

    [Theory]
    [InlineData("{ target: warp_drive }", "operation.target")]
    [InlineData("{ target: queue, service_time: { distribution: exponential } }", "service_time.mean")]
    [InlineData("{ target: stall, every: 1s, for: 2s }", "operation.for")]
    [InlineData("{ target: fixed_delay, delay: soon }", "operation.delay")]
    [InlineData("{ target: noop, workers: 2 }", "workers")]
    [InlineData("{ target: stall, every: 2s, for: 1s, silent: maybe }", "operation.silent")]
    public void A_malformed_target_is_an_error_naming_its_field(string operation, string field)
    {
        var error = Assert.Throws<ScenarioException>(() => Parse(operation));
        Assert.Contains(error.Errors, e => e.Field.Contains(field, StringComparison.Ordinal) && e.File == "engine.yaml" && e.Line == 4);
    }

    [Fact]
    public void A_stream_may_cap_its_operations_in_flight()
    {
        var scenario = ScenarioLoader.Parse("""
            name: capped
            scenarios:
              - name: s
                operation: noop
                max_in_flight: 50
                load:
                  - inject: { rate: 10, interval: 1s }
            """, "capped.yaml");

        Assert.Equal(50, scenario.Streams[0].MaxInFlight);
        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse("""
            name: capped
            scenarios:
              - name: s
                operation: noop
                max_in_flight: 0
                load:
                  - inject: { rate: 10, interval: 1s }
            """, "capped.yaml"));
        Assert.Contains(error.Errors, e => e.Field == "scenarios[0].max_in_flight" && e.Line == 5);
    }

    [Fact]
    public void A_threshold_can_abort_the_run_and_its_errors_point_into_expr()
    {
        var scenario = ScenarioLoader.Parse("""
            name: abort
            scenarios:
              - name: s
                operation: noop
                load:
                  - inject: { rate: 10, interval: 1s }
            thresholds:
              - "noop.p99 < 250ms"
              - { expr: "noop.p99 < 1s", abort: true }
            """, "abort.yaml");
        Assert.Equal([false, true], scenario.Thresholds.Select(t => t.Abort));

        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse("""
            name: abort
            scenarios:
              - name: s
                operation: noop
                load:
                  - inject: { rate: 10, interval: 1s }
            thresholds:
              - { expr: "noop.p99 <> 1s", abort: true }
            """, "abort.yaml"));
        Assert.Contains(error.Errors, e => e.Field == "thresholds[0].expr" && e.Line == 8);
    }
}
