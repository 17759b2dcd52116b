using MonitorSim.Domain.Operations;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Measurement;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;
using static MonitorSim.Load.Tests.TinyCity;

namespace MonitorSim.Load.Tests.Engine;

/// <summary>
/// The coordinator's record of the other nodes' generators, read by the interval reporter (operations in flight) while
/// workers report and get lost on other threads.
/// </summary>
public sealed class RemoteSharesTests
{
    private static readonly IReadOnlyList<StreamPlan> Plans = LoadPlanner.Plan(
        ScenarioDefinition.Default("remote_shares") with
        {
            Topology = Tiny,
            Streams = [new StreamDefinition("alarm", OperationKind.Alarm, [], [new InjectStep(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), null, Arrivals.Poisson)])],
        },
        City);

    /// <summary>
    /// A worker lost while the reporter counts the workers' operations in flight: the loss holds the worker while it
    /// checks whether every worker is done, and the count once held the list of workers while it took each one, so the
    /// two could wait for each other for good (a coordinator's run hung so in CI). Many rounds of the two at once, each
    /// given half a minute, which a deadlock never ends within and a working pair ends within microseconds: with the
    /// list held, the 56th round deadlocked (2026-12-05).
    /// </summary>
    [Fact]
    public async Task A_worker_lost_while_the_reporter_counts_operations_in_flight_never_leaves_the_two_waiting_for_each_other()
    {
        for (var round = 0; round < 1_000; round++)
        {
            var shares = new RemoteShares(new RunMeasurement(Plans), new RunClock(), new RunEvents(), new AcknowledgedOperations(), () => null, () => null);
            shares.Add("worker-a", [1], 1);
            shares.Add("worker-b", [2], 2);
            using var together = new Barrier(2);
            var reporter = Task.Run(() =>
            {
                together.SignalAndWait();
                for (var i = 0; i < 50; i++) shares.InFlight();
            });
            var losses = Task.Run(() =>
            {
                together.SignalAndWait();
                shares.Lost("worker-a", "its node was killed");
                shares.Lost("worker-b", "its node was killed");
            });
            var both = Task.WhenAll(reporter, losses);

            var first = await Task.WhenAny(both, Task.Delay(TimeSpan.FromSeconds(30)));

            Assert.True(first == both, $"the reporter and a worker's loss were still waiting for each other after 30 s, in round {round}");
        }
    }
}
