using Akka.Actor;
using MonitorSim.Cluster.Protocol;

namespace MonitorSim.Cluster.Actors;

/// <summary>
/// Where the load engine sends each platform's device messages: into the batch pump of the <see cref="GatewayLink"/> to
/// the node that hosts it; or, when it is hosted here, straight to its entity actor (the platform's, or the point's for
/// a point's messages) once <see cref="RouteKeeper"/> has learnt it, and to the local shard region until then.
/// Read on the generator thread for every operation, so each is one array read; the keeper replaces the links' array
/// as shards move and sets or clears each entity as it learns of it or sees it stop.
/// A stale link costs a detour, never a message: whichever node receives it, its region forwards to the platform.
/// <para>
/// Why an entity directly: every message through the region passes two more actors (the region, then the entity's
/// shard), each a mailbox and a scheduling, and the region is one actor for the whole node's traffic. Measured on one
/// node at load factor 1,200 (docs/sizing.md, "Measured: the same run seven times, and device messages straight to their
/// entities"): the tree's threads used 23 % less CPU and the process 14 % less (medians of three runs each); the
/// generator's thread, which now hands each message to its entity's mailbox, 35 % more. What the region adds, buffering
/// a shard's messages while it moves, does not apply: an entity that
/// stops (its shard handed off, a node leaving) is dropped from here when its termination arrives, and what was sent
/// to it after it stopped and before that is lost, as a message to a platform on a node that dies is; the engine counts
/// it (timed out). The tree's entities never passivate, so on one node that is never.
/// </para>
/// </summary>
public sealed class PlatformRoutes(int platforms, int points = 0)
{
    private volatile BatchPump<ITreeMessage>?[] _links = new BatchPump<ITreeMessage>?[platforms];
    private readonly IActorRef?[] _platformEntities = new IActorRef?[platforms];
    private readonly IActorRef?[] _pointEntities = new IActorRef?[points];

    /// <summary>The batch pump to the node hosting <paramref name="platform"/>, or null to use the local shard region.</summary>
    public BatchPump<ITreeMessage>? LinkOf(int platform)
    {
        var links = _links;
        return (uint)platform < (uint)links.Length ? links[platform] : null;
    }

    /// <summary>The platform's entity actor on this node, or null (not hosted here, or not known yet: the region).</summary>
    public IActorRef? PlatformEntity(int platform) =>
        (uint)platform < (uint)_platformEntities.Length ? Volatile.Read(ref _platformEntities[platform]) : null;

    /// <summary>The point's entity actor on this node, or null (not hosted here, or not known yet: the region).</summary>
    public IActorRef? PointEntity(int point) => (uint)point < (uint)_pointEntities.Length ? Volatile.Read(ref _pointEntities[point]) : null;

    /// <summary>How many platforms are reached through a remote node's gateway.</summary>
    public int Remote => _links.Count(l => l is not null);

    /// <summary>How many platforms and points are reached straight at their entity actors.</summary>
    public int Direct => _platformEntities.Count(e => e is not null) + _pointEntities.Count(e => e is not null);

    internal void Publish(BatchPump<ITreeMessage>?[] links) => _links = links;

    internal void SetEntity(TreeEntity entity, IActorRef? actor) =>
        Volatile.Write(ref (entity.IsPlatform ? _platformEntities : _pointEntities)[entity.Index], actor);

    internal IActorRef? EntityOf(TreeEntity entity) => entity.IsPlatform ? PlatformEntity(entity.Index) : PointEntity(entity.Index);
}

/// <summary>A platform or a point of the tree, by its index.</summary>
internal readonly record struct TreeEntity(bool IsPlatform, int Index);
