using MonitorSim.Load.Engine;
using MonitorSim.Load.Scenarios;
using static MonitorSim.Load.Tests.Scenarios.ScenarioYaml;

namespace MonitorSim.Load.Tests.Scenarios;

/// <summary>A stream's <c>timeout:</c>: how long its operations may go unanswered.</summary>
public sealed class OperationTimeoutScenarioTests
{
    private static string WithTimeout(string timeout) => $"""
        name: timeouts
        scenarios:
          - name: alarm
            operation: alarm
            timeout: {timeout}
            load:
              - inject: {"{"} rate: 1, interval: 1s {"}"}
        """;

    [Fact]
    public void A_stream_reads_its_timeout_and_its_plan_carries_it()
    {
        var s = Parse(WithTimeout("2500ms"));

        Assert.Equal(TimeSpan.FromMilliseconds(2500), s.Streams[0].Timeout);
        var plan = Assert.Single(LoadPlanner.Plan(s, TinyCity.City), p => p.Name == "alarm");
        Assert.Equal(TimeSpan.FromMilliseconds(2500), plan.InFlight.OperationTimeout);
    }

    [Fact]
    public void A_stream_without_a_timeout_gets_the_default_of_60_s_and_so_do_the_built_in_streams()
    {
        var s = Parse(Minimal);

        Assert.Null(s.Streams[0].Timeout);
        Assert.Equal(TimeSpan.FromSeconds(60), StreamDefinition.DefaultTimeout);
        Assert.All(LoadPlanner.Plan(s, TinyCity.City), p => Assert.Equal(TimeSpan.FromSeconds(60), p.InFlight.OperationTimeout));
    }

    [Theory]
    [InlineData("0s", "must be longer than 0")]
    [InlineData("soon", "is not a duration")]
    public void A_timeout_that_is_not_a_positive_duration_is_an_error_naming_file_line_and_field(string timeout, string message)
    {
        var error = Assert.Single(Errors(WithTimeout(timeout)));

        Assert.Equal(("test.yaml", 5, "scenarios[0].timeout"), (error.File, error.Line, error.Field));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
