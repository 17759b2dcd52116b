using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using MonitorSim.Domain.Topology;
using MonitorSim.Harness.Generators;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Harness.Tests;

/// <summary>
/// Every multi-node run or sizing trial has a collector of its own, which the workers' reports are addressed to. Akka.Remote
/// keeps such a reference in its cache of resolved paths after the collector stopped, so a stopped collector must not hold
/// its run's engine (the latency histograms of every stream): before, a two-node sizing run kept every trial's engine and
/// its working set grew by ~41 MB a trial (docs/sizing.md, "A trial's engine outlived it on several nodes").
/// </summary>
public sealed class LoadCollectorReleaseTests : TestKit
{
    private const string SelfTest = """
        name: collector
        seed: 3
        duration: 2s
        scenarios:
          - name: queue
            operation: { target: queue, workers: 1, service_time: { distribution: deterministic, mean: 1ms } }
            load:
              - inject: { rate: 10, interval: 1s }
        """;

    [Fact]
    public void A_stopped_collector_lets_go_of_its_runs_engine_while_its_reference_is_still_held()
    {
        var (collector, engine) = StartCollector();
        Watch(collector);
        Sys.Stop(collector);
        ExpectTerminated(collector);

        var released = false;
        for (var i = 0; i < 20 && !released; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            released = !engine.IsAlive;
            if (!released) Thread.Sleep(50);
        }

        Assert.True(released, "the stopped collector's engine is still reachable through the collector's reference");
        GC.KeepAlive(collector); // held, as Akka.Remote's cache holds it
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private (IActorRef Collector, WeakReference Engine) StartCollector()
    {
        var scenario = ScenarioLoader.Parse(SelfTest, "collector.yaml");
        var engine = new LoadEngine(scenario, TopologyBuilder.Build(scenario.Topology, scenario.Seed));
        var collector = Sys.ActorOf(LoadCollector.Props(), LoadCollector.Name + "-1");
        collector.Tell(new LoadCollector.Into(engine));
        return (collector, new WeakReference(engine));
    }
}
