using System.Globalization;
using Akka.Cluster.Sharding;
using MonitorSim.Cluster.Protocol;

namespace MonitorSim.Cluster.Sharding;

/// <summary>
/// Shard id = platform index (no hashing), so a platform and all its points share a shard and therefore a node:
/// the hot path camera → point → platform never leaves the process.
/// </summary>
public sealed class TreeMessageExtractor : IMessageExtractor
{
    private readonly string[] _shardIds;

    public TreeMessageExtractor(int platforms)
    {
        _shardIds = Enumerable.Range(0, platforms).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
    }

    public string? EntityId(object message) => message is ITreeMessage m ? m.EntityId : null;

    public object EntityMessage(object message) => message;

    public string? ShardId(object message) => message is ITreeMessage m ? ShardOf(m.Platform) : null;

    public string ShardId(string entityId, object? messageHint = null) =>
        messageHint is ITreeMessage m ? ShardOf(m.Platform) : throw new ArgumentException(
            $"entity '{entityId}' cannot be placed without its platform; send an ITreeMessage", nameof(entityId));

    private string ShardOf(int platform) =>
        platform >= 0 && platform < _shardIds.Length ? _shardIds[platform] : platform.ToString(CultureInfo.InvariantCulture);
}
