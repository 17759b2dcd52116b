using Akka.Cluster.Sharding;
using MonitorSim.Cluster.Protocol;

namespace MonitorSim.Cluster.Sharding;

/// <summary>Co-handled requests are spread over the tree nodes by a hash of their id, like clues.</summary>
public sealed class CoHandlingMessageExtractor() : HashCodeMessageExtractor(100)
{
    public override string? EntityId(object message) => (message as ICoHandlingMessage)?.RequestId;
}
