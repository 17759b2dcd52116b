namespace MonitorSim.Cluster.Protocol;

/// <summary>A message addressed to an element of a platform's subtree; sharding routes it by <see cref="Platform"/>.</summary>
public interface ITreeMessage
{
    /// <summary>The platform whose subtree holds the addressee; it is the shard id, so a subtree lives on one node.</summary>
    int Platform { get; }

    /// <summary>The addressee's entity id within the shard (see <see cref="Sharding.EntityIds"/>).</summary>
    string EntityId { get; }
}
