using System.Diagnostics.CodeAnalysis;
using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Harness.Generators;

/// <summary>
/// A worker node's load generator, at <c>/user/load-agent</c> on every node with the <c>load</c> role: on
/// <see cref="StartLoad"/> it runs a <see cref="LoadEngine"/> on its share of the population against the tree (through
/// this node's own shard region, so the platforms it hosts are driven without crossing the network) and streams what it
/// measures to the coordinator's <see cref="LoadCollector"/>. Runs follow one another (a sizing run's load steps): a
/// start that comes while this node's last run is still sending its final report waits for it to end.
/// </summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "An actor's end is PostStop, not Dispose. The run's token source has no timer and no wait handle; it is "
        + "disposed when its run ends (RunEnded), and only cancelled in PostStop while the generator may still read it.")]
public sealed class LoadAgent : ReceiveActor, IWithUnboundedStash
{
    public IStash Stash { get; set; } = null!;

    public const string Name = "load-agent";

    private CancellationTokenSource? _stop; // the current run's; null when none is going

    /// <summary>The generator's run is over (sent to itself, so the next <see cref="StartLoad"/> may begin another).</summary>
    private sealed record RunEnded(CancellationTokenSource Run);

    public LoadAgent(ScenarioDefinition scenario, CityTopology topology, Func<IOperationObserver, IMonitoringTree> tree)
    {
        var node = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();
        var log = Context.GetLogger();
        Receive<StartLoad>(start =>
        {
            if (_stop is not null)
            {
                // The coordinator moves on once it has this node's final report, which is sent just before the run ends.
                Stash.Stash();
                return;
            }
            if (start.StartUtc < DateTime.UtcNow - TimeSpan.FromSeconds(1))
            {
                Sender.Tell(new LoadStarted(node, $"the agreed start ({start.StartUtc:O}) had passed when this node's previous run ended"));
                return;
            }
            LoadEngine engine;
            try
            {
                var run = scenario with
                {
                    Duration = start.Duration, WarmUp = start.WarmUp, LoadFactor = start.LoadFactor, SimStart = start.SimStart, Seed = start.Seed,
                };
                engine = new LoadEngine(run, topology) { Share = LoadShare.Worker(topology.Platforms.Count, start.Platforms), Generator = new GeneratorSettings { Tick = start.GeneratorTick } };
            }
            catch (Exception e) when (e is ScenarioException or ArgumentException or InvalidOperationException)
            {
                Sender.Tell(new LoadStarted(node, e.Message));
                return;
            }
            var stop = _stop = new CancellationTokenSource();
            var self = Self;
            // The agreed wall instant on this machine's Stopwatch (hosts are assumed to keep their clocks in step, e.g. NTP).
            var startAt = Stopwatch.GetTimestamp() + LoadPlanner.Ticks(start.StartUtc - DateTime.UtcNow);
            var collector = start.Collector;
            log.Info("generating the load of {0} platforms from {1:O}", start.Platforms.Length, start.StartUtc);
            _ = Task.Run(async () =>
            {
                try { await engine.RunShareAsync(tree, startAt, node, d => collector.Tell(d), stop.Token); }
                catch (Exception e) { log.Error(e, "the load generator failed"); }
                finally { self.Tell(new RunEnded(stop)); }
            });
            Sender.Tell(new LoadStarted(node));
        });
        Receive<StopLoad>(_ => _stop?.Cancel());
        Receive<RunEnded>(ended =>
        {
            if (ReferenceEquals(ended.Run, _stop)) _stop = null;
            ended.Run.Dispose();
            Stash.UnstashAll();
        });
    }

    protected override void PostStop() => _stop?.Cancel();

    public static Props Props(ScenarioDefinition scenario, CityTopology topology, Func<IOperationObserver, IMonitoringTree> tree) =>
        Akka.Actor.Props.Create(() => new LoadAgent(scenario, topology, tree));
}
