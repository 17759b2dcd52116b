using MonitorSim.Harness.Session;
using MonitorSim.Load.Measurement;

namespace MonitorSim.Harness.Isolation;

/// <summary>
/// CPU-isolated nodes for <c>size --node-cpus Q</c>: every node process of a cluster (this one, whose tree is node 1,
/// included) in a cgroup of its own capped at Q cores, and every load generator thread (this process's and each node's,
/// joining by <see cref="GeneratorCgroup"/>) in one group capped at the generator's cores, so N nodes own N × Q cores and
/// never share them with each other or with the generator. Threads a capped process starts later inherit its group.
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

    public string Describe() =>
        $"{_cgroups.Version} at {_cgroups.Root}: each node process capped at {NodeCpus:0.###} cores, " +
        (GeneratorApart ? $"the load generator threads at {GeneratorCpus:0.###} cores of their own" : "the load generator inside its node's quota (cgroup v2)");

    public static NodeIsolation Start(CpuCgroups cgroups, double nodeCpus, double generatorCpus) => new(cgroups, nodeCpus, generatorCpus);

    /// <summary>Caps every node process of <paramref name="session"/>; disposing the result lifts the caps.</summary>
    public IDisposable Cap(TreeSession session) => Cap(session, NodeCpus);

    /// <summary>Caps every node process of <paramref name="session"/> at <paramref name="nodeCpus"/> cores each (the vertical
    /// axis gives one node a quota of its own per search); disposing the result lifts the caps.</summary>
    public IDisposable Cap(TreeSession session, double nodeCpus)
    {
        ArgumentNullException.ThrowIfNull(session);
        var groups = new List<CpuGroup>();
        var coordinator = _cgroups.Create($"{_prefix}-node-1", nodeCpus);
        groups.Add(coordinator);
        coordinator.AddProcess(Environment.ProcessId);
        foreach (var (number, pid, killed) in session.Workers?.Workers ?? [])
        {
            if (killed) continue;
            var group = _cgroups.Create($"{_prefix}-node-{number}", nodeCpus);
            groups.Add(group);
            group.AddProcess(pid);
        }
        return new Caps(groups);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(GeneratorCgroup.Variable, null);
        _generator.Dispose();
    }

    private sealed class Caps(List<CpuGroup> groups) : IDisposable
    {
        public void Dispose()
        {
            foreach (var g in groups) g.Dispose();
        }
    }
}
