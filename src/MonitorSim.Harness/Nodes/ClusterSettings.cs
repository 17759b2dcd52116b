using MonitorSim.Cluster.Hosting;

namespace MonitorSim.Harness.Nodes;

/// <summary>How the processes of a run form their cluster: how many nodes, where remoting listens, and its security.</summary>
/// <param name="Nodes">Nodes in the run: this process plus <c>Nodes − 1</c> local node processes on loopback.</param>
/// <param name="Hostname">Where remoting listens (127.0.0.1 unless the user says otherwise).</param>
/// <param name="Port">Remoting port of this process; 0 picks a free one.</param>
/// <param name="Tls">Mutual TLS for remoting; null = plain TCP.</param>
/// <param name="RemoteNodes">Nodes started by hand on other hosts (<c>monitorsim node --seed THIS_HOST:PORT</c>) that the run
/// waits for before it wakes the tree, on top of its local ones.</param>
public sealed record ClusterSettings(int Nodes = 1, string Hostname = RemotingSecurity.DefaultHostname, int Port = 0, TlsSettings? Tls = null,
    int RemoteNodes = 0)
{
    /// <summary>Every tree node of the run: this one, its local workers and the remote ones.</summary>
    public int TreeNodes => Nodes + RemoteNodes;

    public bool IsMultiNode => TreeNodes > 1;

    public static ClusterSettings SingleNode { get; } = new();
}
