using MonitorSim.Cluster.Protocol;

namespace MonitorSim.Cluster.Actors;

/// <summary>
/// Which platforms the load engine's port reaches through another node: for each, the batch pump of the
/// <see cref="GatewayLink"/> to the node that hosts it; null for a platform hosted here (its entity, or the local shard
/// region: <see cref="LocalEntities"/>). Read on the generator thread for every operation, so each is one array read;
/// <see cref="RouteKeeper"/> replaces the array as shards move. A stale link costs a detour, never a message: whichever
/// node receives it, its region forwards to the platform.
/// </summary>
public sealed class PlatformRoutes(int platforms)
{
    private volatile BatchPump<ITreeMessage>?[] _links = new BatchPump<ITreeMessage>?[platforms];

    /// <summary>The batch pump to the node hosting <paramref name="platform"/>, or null: it is hosted here.</summary>
    public BatchPump<ITreeMessage>? LinkOf(int platform)
    {
        var links = _links;
        return (uint)platform < (uint)links.Length ? links[platform] : null;
    }

    /// <summary>How many platforms are reached through a remote node's gateway.</summary>
    public int Remote => _links.Count(l => l is not null);

    internal void Publish(BatchPump<ITreeMessage>?[] links) => _links = links;
}
