using MonitorSim.Domain.Topology;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Load.Tests.Targets;

/// <summary>keep_constant, ramping_constant and iterations_for_constant: copies that start their next operation when the
/// last is answered.</summary>
public sealed class ClosedModelTests
{
    private static readonly CityTopology City = TopologyBuilder.Build(new TopologySpec(3, 12, 30, 2, 4), 7);

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private static Task<LoadOutcome> Run(TimeSpan duration, TargetSpec target, params LoadStep[] steps) =>
        new LoadEngine(ScenarioDefinition.Default("closed") with
        {
            Duration = duration,
            CompletionTimeout = S(2),
            Streams = [StreamDefinition.ForTarget(target.Name, target, steps)],
        }, City).RunAsync(
            _ => throw new InvalidOperationException("no tree in a self-test run"),
            _ => Task.FromResult(TreeStatus.Unknown),
            _ => "no faults");

    [Fact]
    public async Task Copies_on_a_saturated_worker_obey_the_response_time_law()
    {
        // 3 copies, one worker taking exactly 10 ms: the worker never idles, so X = 100/s and R = N / X = 30 ms.
        var queue = new QueueTarget(1, new ServiceTimeSpec(ServiceDistribution.Deterministic, TimeSpan.FromMilliseconds(10)));
        var outcome = await Run(S(3), queue, new KeepConstantStep(3, null));

        var completed = outcome.Operations.Completed;
        Assert.InRange(completed / 3.0, 70, 101);                // ≤ 100/s: the worker is the limit
        Assert.InRange(outcome.Latency["queue"].Mean, 25, 45);   // ≈ 3 × 10 ms, plus the generator's pickup
        Assert.Equal(0, outcome.Operations.Dropped);
    }

    [Fact]
    public async Task A_closed_model_never_has_more_operations_in_flight_than_copies()
    {
        // 4 copies against a 100 ms delay: at most 4 in flight, so about 4 / 0.1 s = 40 operations a second.
        var outcome = await Run(S(2), new FixedDelayTarget(TimeSpan.FromMilliseconds(100)), new KeepConstantStep(4, null));

        Assert.InRange(outcome.Operations.Offered, 60, 84);
        Assert.Equal(outcome.Operations.Offered, outcome.Operations.Completed);
        Assert.All(outcome.Timeline, r => Assert.InRange(r.InFlight, 0, 4));
        // In a closed model an operation starts when its copy is free: response time is service time plus pickup.
        Assert.True(outcome.Latency["fixed_delay"].Mean - outcome.ServiceTime["fixed_delay"].Mean < 5);
    }

    [Fact]
    public async Task Ramping_constant_adds_copies_over_its_stretch()
    {
        // 0 → 8 copies over 2 s against a 50 ms delay: the second second carries about three times the first's work.
        var outcome = await Run(S(2.1), new FixedDelayTarget(TimeSpan.FromMilliseconds(50)), new RampingConstantStep(8, S(2)));

        var firstHalf = outcome.Timeline.Where(r => r.TS <= 1.0).Sum(r => r.Offered);
        var secondHalf = outcome.Timeline.Where(r => r.TS > 1.0).Sum(r => r.Offered);
        Assert.True(secondHalf > 1.8 * firstHalf, $"first second {firstHalf}, second {secondHalf}");
    }

    [Fact]
    public void Closed_model_steps_read_from_yaml_and_need_copies()
    {
        var scenario = ScenarioLoader.Parse("""
            name: closed
            scenarios:
              - name: s
                operation: noop
                load:
                  - ramping_constant: { copies: 10, during: 5s }
                  - keep_constant: { copies: 10 }
            """, "closed.yaml");
        Assert.Equal([new RampingConstantStep(10, S(5)), new KeepConstantStep(10, null)], scenario.Streams[0].Steps);

        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse("""
            name: closed
            scenarios:
              - name: s
                operation: noop
                load:
                  - keep_constant: { copies: 0 }
            """, "closed.yaml"));
        Assert.Contains(error.Errors, e => e.Field == "scenarios[0].load[0].keep_constant.copies" && e.Line == 6);
    }

    [Fact]
    public async Task Iterations_for_constant_starts_exactly_its_iterations_and_the_run_ends_when_they_are_answered()
    {
        // 4 copies, 100 iterations of 20 ms each: 25 rounds ≈ 0.5 s, far inside the 30 s duration.
        var outcome = await Run(S(30), new FixedDelayTarget(TimeSpan.FromMilliseconds(20)), new IterationsForConstantStep(4, 100));

        Assert.Equal(100, outcome.Operations.Offered);
        Assert.Equal(100, outcome.Operations.Completed);
        Assert.All(outcome.Timeline, r => Assert.InRange(r.InFlight, 0, 4));
        Assert.True(outcome.Timeline[^1].TS < 10, $"the run went on to t={outcome.Timeline[^1].TS}s after its last iteration");
        Assert.Contains(outcome.Events, e => e.Contains("every stream has finished", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Iterations_for_constant_counts_a_start_refused_by_max_in_flight_as_an_iteration()
    {
        // 5 copies but at most 2 in flight: three of the first five starts are dropped, and they use up iterations.
        var target = new FixedDelayTarget(TimeSpan.FromMilliseconds(20));
        var outcome = await new LoadEngine(ScenarioDefinition.Default("closed") with
        {
            Duration = S(30),
            CompletionTimeout = S(2),
            Streams = [StreamDefinition.ForTarget(target.Name, target, [new IterationsForConstantStep(5, 40)]) with { MaxInFlight = 2 }],
        }, City).RunAsync(_ => throw new InvalidOperationException(), _ => Task.FromResult(TreeStatus.Unknown), _ => "no faults");

        Assert.Equal(40, outcome.Operations.Offered + outcome.Operations.Dropped);
        Assert.True(outcome.Operations.Dropped >= 3, $"dropped {outcome.Operations.Dropped}");
    }

    [Fact]
    public void Iterations_for_constant_reads_from_yaml_and_must_be_the_last_step()
    {
        var scenario = ScenarioLoader.Parse("""
            name: closed
            scenarios:
              - name: s
                operation: noop
                load:
                  - keep_constant: { copies: 2, during: 5s }
                  - iterations_for_constant: { copies: 10, iterations: 5000 }
            """, "closed.yaml");
        Assert.Equal(new IterationsForConstantStep(10, 5000), scenario.Streams[0].Steps[1]);

        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse("""
            name: closed
            scenarios:
              - name: s
                operation: noop
                load:
                  - iterations_for_constant: { copies: 10, iterations: 5000 }
                  - pause: { during: 5s }
            """, "closed.yaml"));
        Assert.Contains(error.Errors, e => e.Field == "scenarios[0].load[0].iterations_for_constant" && e.Line == 6 && e.Message.Contains("last step", StringComparison.Ordinal));
    }
}
