using System.Diagnostics;
using Akka.Actor;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Harness.Generators;

/// <summary>
/// How a multi-node run spreads its load generation: each node with the <c>load</c> role drives the cameras and points of
/// the platforms it hosts, so their traffic stays on that node; platforms on nodes without a generator are dealt round
/// the generators in turn. The coordinator keeps the streams that cannot be split (see <see cref="LoadShare.Splits"/>).
/// </summary>
public sealed class LoadSpread
{
    private readonly List<(int Number, string Address, IActorRef Agent, int[] Platforms)> _workers = [];
    private IActorRef? _collector; // the current run's
    private int _runs;

    private LoadSpread(int[] coordinatorPlatforms) => CoordinatorPlatforms = coordinatorPlatforms;

    /// <summary>How many worker nodes run a generator.</summary>
    public int Workers => _workers.Count;

    /// <summary>The platforms the coordinator's own generator drives at the start.</summary>
    public int[] CoordinatorPlatforms { get; }

    /// <summary>One line for the run's events: who drives how many platforms.</summary>
    public string Describe() =>
        $"load generated on {_workers.Count + 1} nodes; platforms driven per node: node 1: {CoordinatorPlatforms.Length}" +
        string.Concat(_workers.Select(w => $", node {w.Number}: {w.Platforms.Length}"));

    /// <summary>Finds every worker's load agent and shares the platforms out by <paramref name="placement"/> (node number →
    /// what it reported at the start; 1 is this process). Null when there is nothing to spread: <paramref name="plans"/>
    /// cannot be split between generators (<see cref="LoadShare.CanSpread"/>), or no other node runs a generator.</summary>
    public static async Task<LoadSpread?> PlanAsync(TreeNode node, IReadOnlyDictionary<int, NodeReport> placement, IReadOnlyList<StreamPlan> plans,
        int platformCount)
    {
        if (!LoadShare.CanSpread(plans)) return null;
        var agents = new List<(int Number, string Address, IActorRef Agent)>();
        foreach (var (number, report) in placement.Where(p => p.Key != 1 && p.Value.Roles.Contains(ClusterMembership.LoadRole)).OrderBy(p => p.Key))
        {
            try
            {
                var agent = await node.System.ActorSelection($"{report.Address}/user/{LoadAgent.Name}").ResolveOne(TimeSpan.FromSeconds(3));
                agents.Add((number, report.Address, agent));
            }
            catch (ActorNotFoundException)
            {
                // A node without a generator: its platforms are dealt out below.
            }
        }
        var owner = new int[platformCount];
        Array.Fill(owner, -1);
        var generators = agents.Select(a => a.Number).Prepend(1).ToList();
        foreach (var (number, report) in placement)
            if (generators.Contains(number))
                foreach (var p in report.PlatformIds ?? [])
                    owner[p] = number;
        var turn = 0;
        for (var p = 0; p < owner.Length; p++)
            if (owner[p] < 0) owner[p] = generators[turn++ % generators.Count];

        var spread = new LoadSpread(Enumerable.Range(0, platformCount).Where(p => owner[p] == 1).ToArray());
        foreach (var (number, address, agent) in agents)
            spread._workers.Add((number, address, agent, Enumerable.Range(0, platformCount).Where(p => owner[p] == number).ToArray()));
        return spread.Workers > 0 ? spread : null;
    }

    /// <summary>
    /// Connects <paramref name="engine"/> (built with <see cref="CoordinatorPlatforms"/> as its share) to the workers'
    /// generators and starts them all at one instant, about a second from now; returns that instant as a Stopwatch
    /// timestamp for the coordinator's own engine. A worker that cannot start leaves its platforms to the coordinator.
    /// Runs may follow one another on the same spread (a sizing run's steps): each has its own engine and collector, and
    /// the previous collector is stopped (its engine has had every worker's final report by the time it returned).
    /// </summary>
    public async Task<long> StartAsync(TreeNode node, LoadEngine engine, ScenarioDefinition run, CancellationToken ct)
    {
        if (_collector is not null) node.System.Stop(_collector);
        var collector = _collector = node.System.ActorOf(LoadCollector.Props(), $"{LoadCollector.Name}-{++_runs}");
        collector.Tell(new LoadCollector.Into(engine)); // before the workers start, so before their first report
        foreach (var w in _workers)
        {
            engine.AddRemote(w.Address, w.Platforms, w.Number);
            collector.Tell(w.Agent);
        }
        engine.OnStopRemotes(() => { foreach (var w in _workers) w.Agent.Tell(StopLoad.Instance); });
        var startUtc = DateTime.UtcNow + TimeSpan.FromSeconds(1);
        var answers = await Task.WhenAll(_workers.Select(async w =>
        {
            try
            {
                var started = await w.Agent.Ask<LoadStarted>(new StartLoad(startUtc, run.Duration, run.WarmUp, run.LoadFactor, run.SimStart, run.Seed,
                    w.Platforms, collector, engine.Generator.Tick), TimeSpan.FromSeconds(5), ct);
                return (w.Address, Error: started.Error);
            }
            catch (AskTimeoutException)
            {
                return (w.Address, Error: (string?)"its load agent did not answer within 5 s");
            }
        }));
        foreach (var (address, error) in answers.Where(a => a.Error is not null))
            engine.RemoteLost(address, $"its generator could not start ({error})");
        return Stopwatch.GetTimestamp() + LoadPlanner.Ticks(startUtc - DateTime.UtcNow);
    }
}
