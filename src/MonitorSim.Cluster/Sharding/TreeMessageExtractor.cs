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
    private readonly int[] _platformOfPoint;

    /// <param name="platformOfPoint">Each point's platform, so that an entity id alone (a restart, a hand-off) finds its shard.</param>
    public TreeMessageExtractor(int platforms, int[] platformOfPoint)
    {
        _shardIds = Enumerable.Range(0, platforms).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        _platformOfPoint = platformOfPoint;
    }

    public string? EntityId(object message) => message is ITreeMessage m ? m.EntityId : null;

    public object EntityMessage(object message) => message;

    public string? ShardId(object message) => message is ITreeMessage m ? ShardOf(m.Platform) : null;

    public string ShardId(string entityId, object? messageHint = null)
    {
        if (messageHint is ITreeMessage m) return ShardOf(m.Platform);
        if (EntityIds.IsPlatform(entityId, out var platform)) return ShardOf(platform);
        if (EntityIds.IsPoint(entityId, out var point) && point >= 0 && point < _platformOfPoint.Length) return ShardOf(_platformOfPoint[point]);
        throw new ArgumentException($"'{entityId}' is not a tree entity (plat-N or pt-N of this topology)", nameof(entityId));
    }

    private string ShardOf(int platform) =>
        platform >= 0 && platform < _shardIds.Length ? _shardIds[platform] : platform.ToString(CultureInfo.InvariantCulture);
}
