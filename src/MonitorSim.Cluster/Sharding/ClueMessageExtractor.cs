using Akka.Cluster.Sharding;
using MonitorSim.Cluster.Protocol;

namespace MonitorSim.Cluster.Sharding;

/// <summary>Clues are spread over the tree nodes by a hash of their id: a clue's work does not follow any platform, and
/// 100 shards balance a few thousand clues over any likely number of nodes.</summary>
public sealed class ClueMessageExtractor() : HashCodeMessageExtractor(100)
{
    public override string? EntityId(object message) => (message as IClueMessage)?.ClueId;
}
