using MonitorSim.Domain.Storage;
using MonitorSim.Domain.Time;
using MonitorSim.Harness.Nodes;
using MonitorSim.Load.Scenarios;
using MonitorSim.Telemetry;

namespace MonitorSim.Cli.Options;

/// <summary>What <c>monitorsim run</c> was asked to do, parsed: the overrides of the scenario, the cluster, live metrics
/// and recording.</summary>
/// <param name="OutputFolder">Report folder; null: <c>reports/&lt;timestamp&gt;</c>.</param>
/// <param name="RecordPath">Write every operation offered to this incident log; null: no recording.</param>
internal sealed record RunOptions(
    string ScenarioPath,
    TimeSpan? Duration,
    TimeSpan? WarmUp,
    string? OutputFolder,
    int? Seed,
    double? LoadFactor,
    StoreAddress? Store,
    ClusterSettings Cluster,
    LiveMetricsOptions Live,
    string? RecordPath)
{
    /// <summary>The scenario with this run's overrides.</summary>
    public ScenarioDefinition ApplyTo(ScenarioDefinition scenario) => scenario with
    {
        Duration = Duration ?? scenario.Duration,
        WarmUp = WarmUp ?? scenario.WarmUp,
        Seed = Seed ?? scenario.Seed,
        LoadFactor = LoadFactor ?? scenario.LoadFactor,
        Store = Store ?? scenario.Store,
    };

    /// <summary>What cannot run as asked, judged against the scenario with the overrides applied.</summary>
    public IEnumerable<string> Problems(ScenarioDefinition run)
    {
        var nodes = Cluster.Nodes;
        foreach (var fault in run.Faults)
        foreach (var number in fault.Nodes.Where(n => n > nodes))
            yield return $"{ScenarioPath}:{fault.Line}: faults: {fault.Action} names node {number}, which needs at least {number} local nodes; this run has {nodes} (--nodes)";
        // Akka's split-brain resolver downs every "indirectly connected" node — one some members cannot reach while
        // others still can — on both sides of the cut. Cutting the coordinator off from one worker while a third node
        // reaches both would down the coordinator, which drives the load and writes the reports.
        foreach (var cut in run.Faults.Where(f => f.Target == FaultTarget.Partition && f.Nodes.Contains(1) && nodes > 2))
            yield return $"{ScenarioPath}:{cut.Line}: faults: partition [{cut.Node}, {cut.PeerNode}] cuts the coordinator off from one node while a third " +
                         "still reaches both: the split-brain resolver would down both sides of that cut, the coordinator included, and end " +
                         "the run; cut two workers apart (e.g. [2, 3]), or use --nodes 2";
        // A province's cities run in this process or, with --nodes, over local worker processes that the coordinator
        // starts with each city's seed; nodes from other hosts would need those seeds by hand.
        if (run.Cities is not null && Cluster.RemoteNodes > 0)
            yield return $"{ScenarioPath}: topology.cities: a province runs on this process and its local nodes (--nodes); --remote-nodes is for one city";
        if (run.Cities is not null && Cluster.Tls is not null)
            yield return $"{ScenarioPath}: topology.cities: the province platform speaks plain TCP to its cities; --tls is for one city";
        if (run.WarmUp >= run.Duration)
            yield return $"--duration: {Durations.Format(run.Duration)} must be longer than the warm-up ({Durations.Format(run.WarmUp)}, " +
                         (WarmUp is null ? $"the scenario's warm_up in {ScenarioPath})" : "--warm-up)");
        if (Cluster.GeneratorApart)
        {
            if (Cluster.TreeNodes < 1)
                yield return "--generator-apart: this process then hosts no part of the tree, so the tree needs another node: add --nodes 2 (or more)";
            if (run.Cities is not null)
                yield return $"{ScenarioPath}: topology.cities: a province over --nodes already drives its load from a process that hosts no city; --generator-apart is for one city";
            // Killing the only node that hosts the tree would leave nothing to drive.
            if (Cluster.TreeNodes < 2)
                foreach (var kill in run.Faults.Where(f => f.Target == FaultTarget.Node))
                    yield return $"{ScenarioPath}:{kill.Line}: faults: {kill.Action} kills node {kill.Node}, the only node that hosts the tree with --generator-apart; " +
                                 "add a node (--nodes 3) so that its platforms have somewhere to go";
        }
        // Caps are written into this machine's cgroups: a node on another host would run uncapped beside capped ones.
        if (Cluster.Cpus is not null && Cluster.RemoteNodes > 0)
            yield return "--node-cpus: caps the node processes on this machine; nodes from other hosts (--remote-nodes) would run uncapped";
        // Only this process's generator reports to the recorder; the workers' would be missing from the file.
        if (RecordPath is not null && Cluster.IsMultiNode)
            yield return "--record: records what this process's generator offers, so it needs a one-node run (no --nodes or --remote-nodes)";
    }
}
