using Akka.Actor;
using Akka.Remote;
using Akka.Remote.Transport;

namespace MonitorSim.Cluster.Hosting;

/// <summary>
/// Network partitions between nodes, for fault injection: Akka's throttler transport adapter (the one its multi-node test
/// kit uses) drops every message to and from a peer address while the cut lasts. Needs the node started with
/// <see cref="TreeNodeOptions.Partitionable"/>; a cut made on one side only is one-way, so the coordinator asks both.
/// </summary>
public static class Partitions
{
    /// <summary>From now on this node sends nothing to <paramref name="peer"/> and takes nothing from it.</summary>
    public static Task BlackholeAsync(ActorSystem system, Address peer) => SetAsync(system, peer, Blackhole.Instance);

    /// <summary>Lets <paramref name="peer"/>'s traffic through again.</summary>
    public static Task RestoreAsync(ActorSystem system, Address peer) => SetAsync(system, peer, Unthrottled.Instance);

    private static async Task SetAsync(ActorSystem system, Address peer, ThrottleMode mode)
    {
        var provider = (IRemoteActorRefProvider)((ExtendedActorSystem)system).Provider;
        var transport = provider.Transport;
        if (!provider.DefaultAddress.Protocol.Contains("trttl", StringComparison.Ordinal))
            throw new InvalidOperationException("this node was not started partitionable (its remoting has no throttler adapter)");
        if (!await transport.ManagementCommand(new SetThrottle(peer, ThrottleTransportAdapter.Direction.Both, mode)))
            throw new InvalidOperationException($"remoting refused to change the link to {peer}");
    }
}
