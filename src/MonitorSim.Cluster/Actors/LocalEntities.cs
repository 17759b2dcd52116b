using Akka.Actor;
using MonitorSim.Cluster.Protocol;

namespace MonitorSim.Cluster.Actors;

/// <summary>
/// The platform and point entity actors running on this node: where a device message for one of them goes without the
/// shard region, from the load engine's port on this node (<see cref="ClusterTree"/>) and from the node's camera gateway
/// (batches from the engines of other nodes). One per node (in its <see cref="Hosting.TreeContext"/>): each entity enters
/// itself as it starts and leaves as it stops, so the directory holds exactly the entities that run here, from their
/// first message on, whichever port or trial asks. Read for every device message, so each lookup is one array read.
/// <para>
/// Why an entity directly: every message through the region passes two more actors (the region, then the entity's
/// shard), each a mailbox and a scheduling, and the region is one actor for the whole node's traffic. Measured on one
/// node at load factor 1,200 (docs/sizing.md, "Measured: the same run seven times, and device messages straight to their
/// entities"): the tree's threads used 23 % less CPU and the process 14 % less (medians of three runs each); the
/// generator's thread, which now hands each message to its entity's mailbox, 35 % more.
/// </para>
/// <para>
/// What the region adds and a direct send does not: buffering a shard's messages while it moves. An entity that stops
/// (its shard handed off, a node leaving) leaves the directory as it stops, and what was sent to it just before, still
/// on its way, is lost, as a message to a platform on a node that dies is; the engine counts it (timed out). The tree's
/// entities never passivate, so on one node that is never. And a message sent through the region (a fault injection's
/// <see cref="Crash"/>, a status query) is not ordered with device messages sent straight to the entity after it: the
/// direct one can arrive first.
/// </para>
/// </summary>
public sealed class LocalEntities(int platforms, int points)
{
    private readonly IActorRef?[] _platforms = new IActorRef?[platforms];
    private readonly IActorRef?[] _points = new IActorRef?[points];

    /// <summary>The platform's entity actor on this node, or null (not running here: the region finds or starts it).</summary>
    public IActorRef? Platform(int platform) => (uint)platform < (uint)_platforms.Length ? Volatile.Read(ref _platforms[platform]) : null;

    /// <summary>The point's entity actor on this node, or null (not running here: the region finds or starts it).</summary>
    public IActorRef? Point(int point) => (uint)point < (uint)_points.Length ? Volatile.Read(ref _points[point]) : null;

    /// <summary>The entity actor a device message is addressed to, when it runs here: the platform's for a
    /// registration or keepalive, the point's for an alarm or a step of a citizen's transaction; null for any other
    /// message (the region finds its addressee).</summary>
    public IActorRef? AddresseeOf(ITreeMessage message) => message switch
    {
        Keepalive k => Platform(k.Platform),
        Register r => Platform(r.Platform),
        RaiseAlarm a => Point(a.Point),
        ServiceFlowRequest s => Point(s.Point),
        _ => null,
    };

    /// <summary>How many platforms and points are reached straight at their entity actors.</summary>
    public int Known => _platforms.Count(e => e is not null) + _points.Count(e => e is not null);

    /// <summary>An entity starts (or restarts) on this node: device messages for it come straight to
    /// <paramref name="actor"/> from now on.</summary>
    internal void Enter(TreeEntity entity, IActorRef actor)
    {
        if (Slots(entity) is { } slots) Volatile.Write(ref slots[entity.Index], actor);
    }

    /// <summary>An entity stops: its messages go to the region again. Only its own entry goes: a later incarnation that
    /// has entered meanwhile stays.</summary>
    internal void Leave(TreeEntity entity, IActorRef actor)
    {
        if (Slots(entity) is { } slots) Interlocked.CompareExchange(ref slots[entity.Index], null, actor);
    }

    private IActorRef?[]? Slots(TreeEntity entity)
    {
        var slots = entity.IsPlatform ? _platforms : _points;
        return (uint)entity.Index < (uint)slots.Length ? slots : null;
    }
}

/// <summary>A platform or a point of the tree, by its index.</summary>
internal readonly record struct TreeEntity(bool IsPlatform, int Index);
