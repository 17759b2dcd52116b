using MonitorSim.Cluster.Hosting;
using MonitorSim.Harness.Isolation;

namespace MonitorSim.Harness.Nodes;

/// <summary>How the processes of a run form their cluster: how many nodes, where remoting listens, and its security.</summary>
/// <param name="Nodes">Nodes in the run: this process plus <c>Nodes − 1</c> local node processes on loopback.</param>
/// <param name="Hostname">Where remoting listens (127.0.0.1 unless the user says otherwise).</param>
/// <param name="Port">Remoting port of this process; 0 picks a free one.</param>
/// <param name="Tls">Mutual TLS for remoting; null = plain TCP.</param>
/// <param name="RemoteNodes">Nodes started by hand on other hosts (<c>monitorsim node --seed THIS_HOST:PORT</c>) that the run
/// waits for before it wakes the tree, on top of its local ones.</param>
/// <param name="GeneratorApart">This process runs the load generator and hosts no part of the tree (the <c>load</c> role
/// only); the other nodes host all of it and generate nothing. The generator then has a heap, collections and threads of
/// its own: in one process with a million-camera tree, the tree's collections stop the generator too, and its lag
/// measures them rather than the generator (docs/province.md, "Garbage collection and the generator's lag").</param>
/// <param name="Cpus">CPU-isolated nodes (<c>run --node-cpus</c>): every node process on this machine capped at its quota of
/// cores through cgroups, the load generator threads at theirs; null: not capped. A run applies them (<see
/// cref="Runs.RunJob"/>) once the tree has started, and lifts them when it ends; a size run caps its clusters itself, per
/// search.</param>
public sealed record ClusterSettings(int Nodes = 1, string Hostname = RemotingSecurity.DefaultHostname, int Port = 0, TlsSettings? Tls = null,
    int RemoteNodes = 0, bool GeneratorApart = false, CpuQuotas? Cpus = null)
{
    /// <summary>Every node of the run: this one, its local workers and the remote ones.</summary>
    public int AllNodes => Nodes + RemoteNodes;

    /// <summary>Every node that hosts part of the tree: all of them, less this one when the generator runs apart.</summary>
    public int TreeNodes => AllNodes - (GeneratorApart ? 1 : 0);

    /// <summary>More than one process: this one and at least one node.</summary>
    public bool IsMultiNode => AllNodes > 1;

    public static ClusterSettings SingleNode { get; } = new();
}
