using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;
using MemberStatus = Akka.Cluster.MemberStatus;

namespace MonitorSim.Cluster.Sharding;

/// <summary>
/// The tree region's shard allocation: the coordinator's view of the cluster handed to <see cref="CameraWeightedPlacement"/>.
/// Written here rather than taken from Akka: its strategies weigh every shard alike (the fewest shards, or a consistent
/// hash), and a platform's load goes by its cameras.
/// </summary>
/// <remarks>Regions on members leaving, exiting or down take no new shard; rebalancing waits while a member is joining or
/// unreachable (its hand-off could not complete), as Akka's own strategy does.</remarks>
public sealed class CameraWeightedAllocationStrategy(CameraWeightedPlacement placement) : IActorSystemDependentAllocationStrategy
{
    private static readonly ImmutableHashSet<MemberStatus> Leaving = [MemberStatus.Leaving, MemberStatus.Exiting, MemberStatus.Down];
    private static readonly ImmutableHashSet<MemberStatus> Joining = [MemberStatus.Joining, MemberStatus.WeaklyUp];

    private Akka.Cluster.Cluster? _cluster;

    /// <summary>Called by the coordinator as it starts: the cluster's membership is read from here on.</summary>
    public void Start(ActorSystem system) => _cluster = Akka.Cluster.Cluster.Get(system);

    public Task<IActorRef> AllocateShard(IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations) =>
        Task.FromResult(placement.Allocate(shardId, Regions(currentShardAllocations)));

    public Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations, IImmutableSet<string> rebalanceInProgress)
    {
        if (_cluster is null || !AGoodTimeToRebalance(_cluster.State)) return Task.FromResult<IImmutableSet<string>>(ImmutableHashSet<string>.Empty);
        var moves = placement.Rebalance(Regions(currentShardAllocations), rebalanceInProgress.ToHashSet());
        return Task.FromResult<IImmutableSet<string>>(moves.ToImmutableHashSet());
    }

    private static bool AGoodTimeToRebalance(Akka.Cluster.ClusterEvent.CurrentClusterState state) =>
        state.Unreachable.Count == 0 && !state.Members.Any(m => Joining.Contains(m.Status));

    private List<RegionShards<IActorRef>> Regions(IImmutableDictionary<IActorRef, IImmutableList<string>> allocations)
    {
        var members = _cluster?.State.Members.ToDictionary(m => m.Address, m => m.Status) ?? [];
        return allocations.Select(a =>
        {
            var address = a.Key.Path.Address.HasLocalScope && _cluster is not null ? _cluster.SelfAddress : a.Key.Path.Address;
            // A member not yet in this node's view counts as leaving: used only when no other region is left.
            var leaving = !members.TryGetValue(address, out var status) || Leaving.Contains(status);
            return new RegionShards<IActorRef>(a.Key, address.ToString(), a.Value, leaving);
        }).ToList();
    }
}
