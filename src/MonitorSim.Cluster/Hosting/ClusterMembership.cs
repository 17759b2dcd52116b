namespace MonitorSim.Cluster.Hosting;

/// <summary>
/// How a node takes part in a cluster of several processes. The default is a one-node cluster that joins itself.
/// </summary>
/// <param name="SeedNodes">Seed nodes as <c>host:port</c>; empty: this node is the first (it joins itself).</param>
/// <param name="Roles">This node's roles: <c>tree</c> hosts platform shards and may host the city singleton, <c>load</c>
/// drives the workload.</param>
/// <param name="TreeNodes">How many nodes with the <c>tree</c> role must be Up before the tree is woken, so that the
/// platform shards spread over all of them from the start (the coordinator of a multi-node run waits for every node).</param>
/// <param name="WakeTree">Whether this node wakes every platform and point once the cluster has formed (the coordinator
/// does; a joining node leaves it to the coordinator).</param>
/// <param name="WhenUp">Called with this node's <c>host:port</c> once it is Up and before it waits for the other tree
/// nodes: the coordinator of a local multi-node run starts the other node processes here, pointing them at itself.</param>
/// <param name="JoinWait">How long joining may take, and (doubled) how long the coordinator waits for every tree node; null:
/// 30 s. A province's nodes start one actor system per city, so theirs grows with the cities.</param>
/// <param name="HeartbeatPause">How long a member's heartbeats may pause before this node finds it unreachable (Akka's
/// <c>acceptable-heartbeat-pause</c>); null: <see cref="DefaultHeartbeatPause"/>.</param>
public sealed record ClusterMembership(IReadOnlyList<string> SeedNodes, IReadOnlyList<string> Roles, int TreeNodes = 1, bool WakeTree = true,
    Func<string, CancellationToken, Task>? WhenUp = null, TimeSpan? JoinWait = null, TimeSpan? HeartbeatPause = null)
{
    /// <summary>A crashed node is noticed within seconds and, after the split-brain resolver's 5 s of a stable view,
    /// downed: its platforms come back on the survivors well within the 30 s target.</summary>
    public static readonly TimeSpan DefaultHeartbeatPause = TimeSpan.FromSeconds(3);

    /// <summary>How long joining may take (<see cref="JoinWait"/>, 30 s unless set).</summary>
    public TimeSpan JoinTimeout => JoinWait ?? TimeSpan.FromSeconds(30);

    /// <summary>The heartbeat pause this node accepts (<see cref="HeartbeatPause"/>, else the default).</summary>
    public TimeSpan AcceptableHeartbeatPause => HeartbeatPause ?? DefaultHeartbeatPause;

    public const string TreeRole = "tree";
    public const string LoadRole = "load";

    /// <summary>One process, one node: it hosts the whole tree and drives the load.</summary>
    public static ClusterMembership SingleNode { get; } = new([], [TreeRole, LoadRole]);

    /// <summary>A node that joins <paramref name="seeds"/> and hosts its share of the platforms.</summary>
    public static ClusterMembership Joining(IReadOnlyList<string> seeds, IReadOnlyList<string>? roles = null, TimeSpan? joinWait = null,
        TimeSpan? heartbeatPause = null) =>
        new(seeds, roles ?? [TreeRole], 1, WakeTree: false, JoinWait: joinWait, HeartbeatPause: heartbeatPause);

    public bool HostsTree => Roles.Contains(TreeRole);
}
