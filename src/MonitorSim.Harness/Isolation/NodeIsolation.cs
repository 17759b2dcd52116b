using MonitorSim.Harness.Nodes;
using MonitorSim.Harness.Session;
using MonitorSim.Load.Measurement;
using MonitorSim.Load.Results;

namespace MonitorSim.Harness.Isolation;

/// <summary>
/// CPU-isolated nodes for <c>size --node-cpus Q</c> and <c>run --node-cpus Q</c>: every node process of a cluster (this
/// one, whose tree is node 1, included) in a cgroup of its own capped at Q cores, and every load generator thread (this
/// process's and each node's, joining by <see cref="GeneratorCgroup"/>) in one group capped at the generator's cores, so
/// N nodes own N × Q cores and never share them with each other or with the generator. Threads a capped process starts
/// later inherit its group; a process started after the caps is not capped (<see cref="NodeCaps.Audit(TreeSession)"/>).
/// </summary>
public sealed class NodeIsolation : IDisposable
{
    private readonly CpuCgroups _cgroups;
    private readonly CpuGroup _generator;
    private readonly string _prefix = $"monitorsim-{Environment.ProcessId}";

    private NodeIsolation(CpuCgroups cgroups, double nodeCpus, double generatorCpus)
    {
        _cgroups = cgroups;
        NodeCpus = nodeCpus;
        _generator = cgroups.Create($"{_prefix}-generator", generatorCpus);
        // Node processes started from now on inherit the variable: their generators join the same group.
        Environment.SetEnvironmentVariable(GeneratorCgroup.Variable, cgroups.IsV2 ? null : Path.Combine(_generator.Path, "tasks"));
    }

    public double NodeCpus { get; }

    public double GeneratorCpus => _generator.Cores;

    /// <summary>Whether the generator threads have a group of their own (cgroup v1 moves single threads; v2's threaded
    /// mode is not used, so there the generator shares its node's quota).</summary>
    public bool GeneratorApart => !_cgroups.IsV2;

    /// <summary>The isolation as the reports word it: the hierarchy, its quota file and period, where the generator ran.</summary>
    public CpuIsolationFacts Facts => new(_cgroups.IsV2 ? "cgroup v2" : "cgroup v1", _cgroups.QuotaFile, GeneratorApart, GeneratorCpus,
        CpuCgroups.QuotaFor(NodeCpus).PeriodUs / 1000.0);

    public string Describe() =>
        $"{_cgroups.Version} at {_cgroups.Root}: each node process capped at {NodeCpus:0.###} cores, " +
        (GeneratorApart ? $"the load generator threads at {GeneratorCpus:0.###} cores of their own" : "the load generator inside its node's quota (cgroup v2)");

    public static NodeIsolation Start(CpuCgroups cgroups, double nodeCpus, double generatorCpus) => new(cgroups, nodeCpus, generatorCpus);

    /// <summary>Starts the isolation of <paramref name="quotas"/> on this host's cgroups, before the node processes start
    /// (they inherit the generator's group). The command checked the host already; a host that changed since is refused
    /// here (<see cref="CgroupException"/>).</summary>
    public static NodeIsolation Start(CpuQuotas quotas)
    {
        ArgumentNullException.ThrowIfNull(quotas);
        var (cgroups, problem) = CpuCgroups.Detect();
        if (cgroups is null) throw new CgroupException($"cannot cap CPU on this host: {problem}");
        return new(cgroups, quotas.NodeCpus, quotas.GeneratorCpus);
    }

    /// <summary>Caps every node process of <paramref name="session"/>; disposing the result lifts the caps.</summary>
    public NodeCaps Cap(TreeSession session) => Cap(session, NodeCpus);

    /// <summary>Caps every node process of <paramref name="session"/> at <paramref name="nodeCpus"/> cores each (the vertical
    /// axis gives one node a quota of its own per search); disposing the result lifts the caps. A worker already killed by
    /// a fault has no process left to cap and is skipped.</summary>
    public NodeCaps Cap(TreeSession session, double nodeCpus)
    {
        ArgumentNullException.ThrowIfNull(session);
        var nodes = new List<(int Node, int ProcessId)> { (1, Environment.ProcessId) };
        nodes.AddRange((WorkersOf(session)?.Workers ?? []).Where(w => !w.Killed).Select(w => (w.Number, w.ProcessId)));
        return CapAll(_cgroups, _prefix, nodes, nodeCpus, GeneratorApart ? _generator : null);
    }

    /// <summary>The local worker processes of a session: a city's nodes, or a province's (its cities over the nodes).</summary>
    internal static LocalNodes? WorkersOf(TreeSession session) => session.Workers ?? session.Province?.Workers;

    /// <summary>
    /// Puts each process of <paramref name="nodes"/> in a group of its own capped at <paramref name="nodeCpus"/> cores. All
    /// or nothing: when a step fails part-way (a group made but its quota not written, a quota written but the process not
    /// moved, a later node's group not made), every group made so far is removed again, its processes moved back to the
    /// root group, so no node is left capped and no group is left behind; the <see cref="CgroupException"/> names the
    /// node, the step that failed, and what was undone (or what could not be, and where). With the generator's group
    /// (<paramref name="generator"/>, cgroup v1) the caps also keep it to the generator threads while they are on
    /// (<see cref="GeneratorGroupKeeper"/>).
    /// </summary>
    internal static NodeCaps CapAll(CpuCgroups cgroups, string prefix, IReadOnlyList<(int Node, int ProcessId)> nodes, double nodeCpus,
        CpuGroup? generator = null)
    {
        ArgumentNullException.ThrowIfNull(cgroups);
        ArgumentNullException.ThrowIfNull(nodes);
        var groups = new List<CpuGroup>();
        var capped = new List<NodeCaps.Capped>();
        foreach (var (node, pid) in nodes)
        {
            var step = $"making node {node}'s group";
            try
            {
                var group = cgroups.Create($"{prefix}-node-{node}", nodeCpus);
                groups.Add(group);
                step = $"moving node {node}'s process {pid} into {group.Path}";
                group.AddProcess(pid);
                capped.Add(new NodeCaps.Capped(node, pid, group));
            }
            catch (Exception e) when (e is CgroupException or IOException or UnauthorizedAccessException)
            {
                // Undone newest first, so the process moved last is released first.
                var undone = groups.AsEnumerable().Reverse().Select(g => g.Remove()).ToList();
                throw new CgroupException($"capping the node processes at {nodeCpus:0.###} cores failed at {step}: {e.Message}. " +
                                          (undone.Count == 0 ? "No group had been made." : "Undone: " + string.Join("; ", undone) + "."), e);
            }
        }
        var keeper = generator is null ? null : new GeneratorGroupKeeper(cgroups.Files, generator.Path, cgroups.Root,
            pid => capped.FirstOrDefault(c => c.ProcessId == pid)?.Group.Path);
        return new NodeCaps(capped, nodeCpus, keeper);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(GeneratorCgroup.Variable, null);
        _generator.Dispose();
    }
}
