using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using MonitorSim.Cluster.Actors;
using MonitorSim.Cluster.Sharding;

namespace MonitorSim.Cluster.Hosting;

/// <summary>
/// The city's shard regions (platforms and points, clues, co-handled requests) and its city platform singleton, on a node
/// that hosts the tree; on a node without the <c>tree</c> role (the coordinator of a province across nodes, which holds
/// only the province platform and drives the load) proxies to them, so that none of them can ever live there.
/// </summary>
internal static class TreeRegions
{
    public static AkkaConfigurationBuilder WithTreeRegions(this AkkaConfigurationBuilder b, TreeContext context, bool hostsTree)
    {
        var topology = context.Topology;
        var treeExtractor = new TreeMessageExtractor(topology.Platforms.Count, topology.Points.Select(p => p.Platform.Value).ToArray());
        var singleton = new ClusterSingletonOptions { Role = ClusterMembership.TreeRole };
        // A shard coordinator persists its shard homes under its type's name (/sharding/treeCoordinator): the cities of a
        // province share one SQL store, and with one name for all their coordinators' events collided in one journal
        // (UNIQUE constraint failed) and a city's coordinator would have recovered another city's shard homes. A
        // province's city names its regions after itself.
        var suffix = context.Province is { } province ? "-" + province.City : "";
        string tree = "tree" + suffix, clue = "clue" + suffix, coHandling = "co-handling" + suffix;
        if (!hostsTree)
            // A singleton manager on a node without its role fails at its start, and a region would only start in proxy
            // mode: ask for proxies outright.
            return b.WithSingletonProxy<CityKey>("city", singleton)
                .WithShardRegionProxy<TreeRegionKey>(tree, ClusterMembership.TreeRole, treeExtractor)
                .WithShardRegionProxy<ClueRegionKey>(clue, ClusterMembership.TreeRole, new ClueMessageExtractor())
                .WithShardRegionProxy<CoHandlingRegionKey>(coHandling, ClusterMembership.TreeRole, new CoHandlingMessageExtractor());
        // Platforms are placed by their cameras (CameraWeightedAllocationStrategy), which Akka.Hosting's WithShardRegion
        // cannot take: the region is started here, with the settings the other regions' options leave in the config.
        var placement = new CameraWeightedPlacement(topology.Platforms.Select(p => p.CameraCount).ToArray());
        return b.WithSingleton<CityKey>("city", CityActor.Props(context), singleton)
            .WithActors(async (system, registry) =>
            {
                var region = await ClusterSharding.Get(system).StartAsync(tree, entityId => EntityProps(entityId, context),
                    TreeShardingSettings(system), treeExtractor, new CameraWeightedAllocationStrategy(placement), PoisonPill.Instance)
                    .ConfigureAwait(false);
                registry.Register<TreeRegionKey>(region);
            })
            // Clues live wherever their hash puts them; an idle clue's actor stops after two minutes (its journal keeps it).
            .WithShardRegion<ClueRegionKey>(
                clue,
                ClueActor.Props,
                new ClueMessageExtractor(),
                new ShardOptions { Role = ClusterMembership.TreeRole, RememberEntities = false, PassivateIdleEntityAfter = TimeSpan.FromMinutes(2) })
            // Co-handled requests likewise; a finished request's actor stops after two minutes idle.
            .WithShardRegion<CoHandlingRegionKey>(
                coHandling,
                (_, _, _) => requestId => CoHandlingActor.Props(requestId, context),
                new CoHandlingMessageExtractor(),
                new ShardOptions { Role = ClusterMembership.TreeRole, RememberEntities = false, PassivateIdleEntityAfter = TimeSpan.FromMinutes(2) });
    }

    /// <summary>
    /// The platforms' and points' sharding settings: on the tree nodes, not remembered, never passivated.
    /// <para>
    /// No remembered entities: replicating 3,153 entity ids on every start costs more than it saves. Instead the node that
    /// woke the tree wakes it again whenever a tree node leaves or dies (TreeWarden), which restarts the lost platforms and
    /// points on the survivors from their journals.
    /// </para>
    /// <para>
    /// Never passivated, whatever the configuration says (Akka's default stops an entity after 120 s without a message
    /// through sharding): device messages go straight to the entities (<see cref="LocalEntities"/>), which sharding does not
    /// count, so under any load every platform and point looks idle to it. Passivated, each was stopped every two minutes,
    /// replayed from its journal on its next message through the region, and what was sent straight to it while it stopped
    /// was lost (the engine timed it out). The region ran so while it took its settings from the configuration alone
    /// (docs/sizing.md, "Measured: two runs with the tree passivated, and the tree's CPU at equal load").
    /// </para>
    /// </summary>
    internal static ClusterShardingSettings TreeShardingSettings(ActorSystem system) =>
        ClusterShardingSettings.Create(system).WithRole(ClusterMembership.TreeRole).WithRememberEntities(false)
            .WithPassivateIdleAfter(TimeSpan.Zero);

    private static Props EntityProps(string entityId, TreeContext context)
    {
        var topology = context.Topology;
        if (EntityIds.IsPlatform(entityId, out var platform)) return PlatformActor.Props(topology.Platforms[platform], context);
        if (EntityIds.IsPoint(entityId, out var point)) return PointActor.Props(topology.Points[point], context.Entities);
        throw new ArgumentException($"unknown tree entity '{entityId}'", nameof(entityId));
    }
}
