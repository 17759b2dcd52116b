using static MonitorSim.Load.Tests.Scenarios.ScenarioYaml;

namespace MonitorSim.Load.Tests.Scenarios;

/// <summary>What a threshold's name refers to: an operation first, then a stream; <c>streams.NAME</c> always a stream;
/// a name that is a stream of one operation and another operation at once is refused where it is written.</summary>
public sealed class ThresholdNameTests
{
    private static string Scenario(string streams, params string[] thresholds) =>
        "name: names\nscenarios:\n" + streams + "thresholds:\n" + string.Concat(thresholds.Select(t => $"  - \"{t}\"\n"));

    private static string Stream(string name, string operation) =>
        $"  - name: {name}\n    operation: {operation}\n    load:\n      - inject: {{ rate: 1, interval: 1s }}\n";

    [Fact]
    public void A_stream_can_be_named_in_a_threshold_bare_or_with_the_streams_prefix()
    {
        var s = Parse(Scenario(Stream("alarm", "alarm") + Stream("morning_alarms", "alarm"),
            "morning_alarms.p99 < 200ms", "streams.alarm.fail_pct < 1%", "alarm.p99 < 250ms"));

        Assert.Equal(["morning_alarms", "streams.alarm", "alarm"], s.Thresholds.Select(t => t.Expression.Key));
    }

    [Fact]
    public void A_stream_named_after_the_operation_it_carries_shares_the_name_with_it_as_the_shipped_scenarios_do()
    {
        // Stream 'registration' beside the built-in boot and re-registration streams: the name means the operation.
        var s = Parse(Scenario(Stream("keepalive", "keepalive") + Stream("registration", "registration"),
            "registration.p99 < 250ms", "keepalive.fail_pct < 0.1%"));

        Assert.Equal(2, s.Thresholds.Count);
    }

    [Fact]
    public void A_name_that_is_a_stream_of_one_operation_and_another_operation_is_refused_naming_file_line_and_both()
    {
        var yaml = Scenario(Stream("keepalive", "alarm") + Stream("devices", "keepalive"), "dropped == 0", "keepalive.p99 < 100ms");

        var error = Assert.Single(Errors(yaml));

        Assert.Equal(("test.yaml", 13, "thresholds[1]"), (error.File, error.Line, error.Field));
        Assert.Contains("'keepalive' in 'keepalive.p99 < 100ms' is both a stream (of alarm) and an operation (of stream devices)", error.Message,
            StringComparison.Ordinal);
        Assert.Contains("streams.keepalive.p99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_streams_prefix_makes_the_ambiguous_name_a_stream_and_is_accepted()
    {
        var s = Parse(Scenario(Stream("keepalive", "alarm") + Stream("devices", "keepalive"), "streams.keepalive.p99 < 100ms"));

        Assert.Equal("streams.keepalive", Assert.Single(s.Thresholds).Expression.Key);
    }

    [Fact]
    public void A_self_test_target_stream_named_after_another_target_is_ambiguous_too()
    {
        var yaml = Scenario(Stream("queue", "{ target: fixed_delay, delay: 5ms }") +
                            Stream("real_queue", "{ target: queue, workers: 1, service_time: { mean: 2ms } }"), "queue.mean < 11ms");

        Assert.Contains("is both a stream (of fixed_delay) and an operation (of stream real_queue)", Assert.Single(Errors(yaml)).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void The_streams_prefix_with_no_such_stream_is_refused_listing_the_streams()
    {
        var error = Assert.Single(Errors(Scenario(Stream("alarm", "alarm"), "streams.alarms.p99 < 1s")));

        Assert.Equal(("test.yaml", 8, "thresholds[0]"), (error.File, error.Line, error.Field));
        Assert.Contains("no stream named 'alarms'", error.Message, StringComparison.Ordinal);
        Assert.Contains("streams: alarm, boot, reregistration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stream_may_not_take_a_built_in_streams_name()
    {
        var error = Assert.Single(Errors(Scenario(Stream("boot", "registration"), "dropped == 0")));

        Assert.Equal(("test.yaml", 3, "scenarios[0].name"), (error.File, error.Line, error.Field));
        Assert.Contains("'boot' is the name of a built-in stream", error.Message, StringComparison.Ordinal);
    }
}
