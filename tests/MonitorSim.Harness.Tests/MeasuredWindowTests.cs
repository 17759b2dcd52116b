using Microsoft.Extensions.Logging.Abstractions;
using MonitorSim.Domain.Topology;
using MonitorSim.Harness.Measurement;
using MonitorSim.Harness.Nodes;
using MonitorSim.Harness.Session;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Harness.Tests;

/// <summary>A measured window reads the processes' resources over the same interval as its statistics: from the end of
/// the warm-up to its last interval, with the warm-up and the drain after it apart.</summary>
public sealed class MeasuredWindowTests
{
    private const string SelfTest = """
        name: window
        seed: 3
        duration: 4s
        warm_up: 2s
        report_interval: 250ms
        completion_timeout: 1s
        scenarios:
          - name: queue
            operation: { target: queue, workers: 2, service_time: { distribution: deterministic, mean: 1ms } }
            load:
              - inject: { rate: 200, interval: 1s }
        """;

    [Fact]
    public async Task The_measured_phase_covers_the_engines_measured_window_and_leaves_the_warm_up_apart()
    {
        var scenario = ScenarioLoader.Parse(SelfTest, "window.yaml");
        var topology = TopologyBuilder.Build(scenario.Topology, scenario.Seed);
        var plans = LoadPlanner.Plan(scenario, topology);
        var progress = new QuietProgress();
        await using var session = await TreeSession.StartAsync(
            new SessionOptions(scenario, topology, plans, ClusterSettings.SingleNode, Path.GetTempPath(), NullLoggerProvider.Instance), progress, default);

        // A first window compiles the engine's code (a cold process stalls for a fraction of a second then).
        await MeasuredWindow.RunAsync(session, new WindowRequest(session.Scenario with { Duration = TimeSpan.FromSeconds(1), WarmUp = TimeSpan.Zero }, plans), default);
        var window = await MeasuredWindow.RunAsync(session, new WindowRequest(session.Scenario, plans) { OnInterval = progress.Interval }, default);
        var (warmUp, measured, drain) = (await window.Resources.WarmUpAsync(), await window.Resources.MeasuredAsync(), await window.Resources.DrainAsync());

        Assert.Null(session.Node); // self-test targets only: no tree
        // Read at the engine's own warm-up end and end: the phase is the statistics' 2 s window (not the whole 4 s, nor
        // from the first interval row), give or take a busy machine's scheduling.
        Assert.InRange(measured.Seconds, window.Outcome.MeasuredS - 0.5, window.Outcome.MeasuredS + 0.5);
        Assert.True(warmUp.Seconds >= 2 - 0.25, $"the warm-up phase lasted {warmUp.Seconds:0.00} s of the 2 s warm-up");
        Assert.True(drain.Seconds >= 0, "the drain reading came before the end reading");
        Assert.Equal(400, window.Outcome.Operations.Offered); // 200/s over the 4 s window less its 2 s warm-up
        Assert.Null(measured.CpuSByNode);
    }

    /// <summary>Operations that take 2 s each, so that a window cut short leaves a drain of up to 2 s after it.</summary>
    private const string Slow = """
        name: window_cut
        seed: 3
        duration: 30s
        warm_up: 1s
        report_interval: 250ms
        completion_timeout: 5s
        scenarios:
          - name: queue
            operation: { target: queue, workers: 400, service_time: { distribution: deterministic, mean: 2s } }
            load:
              - inject: { rate: 50, interval: 1s }
        """;

    [Fact]
    public async Task A_window_cut_short_reads_the_resources_where_it_ended_not_after_the_drain()
    {
        var scenario = ScenarioLoader.Parse(Slow, "window-cut.yaml");
        var topology = TopologyBuilder.Build(scenario.Topology, scenario.Seed);
        var plans = LoadPlanner.Plan(scenario, topology);
        var progress = new QuietProgress();
        await using var session = await TreeSession.StartAsync(
            new SessionOptions(scenario, topology, plans, ClusterSettings.SingleNode, Path.GetTempPath(), NullLoggerProvider.Instance), progress, default);

        // Cut short 1.5 s into the measured window, with ~100 operations of 2 s each in flight.
        var window = await MeasuredWindow.RunAsync(session,
            new WindowRequest(session.Scenario, plans) { ShouldAbort = (_, measuredS) => measuredS >= 1.5 ? "cut short by the test" : null }, default);
        var (measured, drain) = (await window.Resources.MeasuredAsync(), await window.Resources.DrainAsync());

        Assert.Equal("cut short by the test", window.Outcome.AbortedBy);
        Assert.True(window.Outcome.MeasuredS < 5, $"the window ran {window.Outcome.MeasuredS} s: not cut short");
        Assert.InRange(measured.Seconds, window.Outcome.MeasuredS - 0.5, window.Outcome.MeasuredS + 0.5);
        // The operations in flight settled after the window: the drain is where their time went, not the window.
        Assert.True(drain.Seconds >= 1, $"the drain lasted {drain.Seconds:0.00} s; the operations in flight take 2 s");
    }

    [Fact]
    public async Task A_reading_due_a_simulated_year_ahead_waits_without_failing_and_gives_way_when_the_window_is_cut_short()
    {
        // A supervision year's engine clock puts the window's end a year ahead: more than a wait handle takes at once.
        var due = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(TimeSpan.FromDays(366).TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        using var cancel = new CancellationTokenSource();
        var reading = MeasuredWindow.ReadAtAsync(due, () => throw new InvalidOperationException("read before it was due"), cancel.Token);
        await Task.Delay(200);
        Assert.False(reading.IsCompleted);
        cancel.Cancel();
        Assert.Null(await reading.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
