namespace MonitorSim.Harness.Isolation;

/// <summary>
/// The CPU quotas of CPU-isolated nodes (<c>run --node-cpus Q [--generator-cpus G]</c>): every node process of the run
/// capped at <paramref name="NodeCpus"/> cores, the load generator threads at <paramref name="GeneratorCpus"/> of their
/// own (<see cref="NodeIsolation"/>).
/// </summary>
/// <param name="NodeCpus">Cores each node process is capped at.</param>
/// <param name="GeneratorCpus">Cores the load generator threads are capped at (on cgroup v1; v2 leaves them inside their
/// node's quota).</param>
public sealed record CpuQuotas(double NodeCpus, double GeneratorCpus = CpuQuotas.DefaultGeneratorCpus)
{
    /// <summary>Half a core: the baseline's generator thread measured 0.03–0.30 cores up to its knee.</summary>
    public const double DefaultGeneratorCpus = 0.5;
}
