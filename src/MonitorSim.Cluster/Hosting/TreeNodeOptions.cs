using Microsoft.Extensions.Logging;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Domain.Monitoring;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster.Hosting;

/// <summary>How to start one node of the tree.</summary>
/// <param name="Port">Remoting port on <paramref name="Hostname"/>; 0 picks a free one (a one-node cluster joins itself).</param>
/// <param name="Logging">Where Akka's log goes (a file in the run's folder); null = nowhere.</param>
/// <param name="Membership">Seeds, roles and how many tree nodes to wait for; null = a one-node cluster.</param>
/// <param name="Tls">Mutual TLS for remoting (this node's PFX and the cluster's CA); null = plain TCP (see RemotingSecurity).</param>
/// <param name="Partitionable">Remoting goes through Akka's throttler adapter, so that a partition fault can cut this node
/// off from another (<see cref="Protocol.CutOff"/>). Off unless the run's scenario has a partition: the adapter adds an
/// actor hop to every inbound message, and changes the address protocol (<c>akka.trttl.tcp</c>), so every node of a
/// cluster must agree on it — they do, as each reads the same scenario.</param>
/// <param name="WakeTimeout">How long waking the whole tree may take; null = <see cref="StartDeadline"/> of its entities.</param>
/// <param name="Province">The province platform the city cascades to (GB/T 28181 city → province); null = none.</param>
/// <param name="WakeProgress">Told how far the start has come, once a second and at the end (on an actor's thread).</param>
public sealed record TreeNodeOptions(
    CityTopology Topology,
    MonitoringRules Rules,
    ISimClock Clock,
    StoreSettings Store,
    TimeSpan SweepInterval,
    string Hostname = "127.0.0.1",
    int Port = 0,
    ILoggerProvider? Logging = null,
    TimeSpan? WakeTimeout = null,
    ClusterMembership? Membership = null,
    TlsSettings? Tls = null,
    bool Partitionable = false,
    Action<WakeProgress>? WakeProgress = null,
    ProvinceUplink? Province = null)
{
    /// <summary>No entity answered its wake for this long: the start fails (a platform that cannot recover, a store
    /// that does not answer), however long the deadline.</summary>
    public static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The default start deadline, growing with the tree: <c>30 s + entities / 1,000 per s</c> (the seed city's 3,153
    /// entities: 33 s; a million cameras' 175,800: 206 s). The floor rate is far below what a start achieves (tens of
    /// thousands a second on the memory store, docs/province.md), so only a start that is stuck or crawling fails it.
    /// </summary>
    public static TimeSpan StartDeadline(int entities) => TimeSpan.FromSeconds(30 + entities / 1_000.0);
}
