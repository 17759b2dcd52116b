namespace MonitorSim.Load.Results;

/// <summary>How a run (<c>run --node-cpus</c>) or a size run capped its nodes' CPU, so that the report words the isolation by
/// the hierarchy actually used.</summary>
/// <param name="Hierarchy"><c>cgroup v2</c> or <c>cgroup v1</c>.</param>
/// <param name="QuotaFile">Where the quota was written: <c>cpu.max</c> (v2) or <c>cpu.cfs_quota_us</c> (v1, beside
/// <c>cpu.cfs_period_us</c>).</param>
/// <param name="GeneratorApart">Whether the load generator threads had a group of their own (v1 moves single threads; on v2
/// the generator runs inside its node's quota).</param>
/// <param name="GeneratorCpus">The generator group's cap in cores (only when <paramref name="GeneratorApart"/>).</param>
/// <param name="PeriodMs">The CFS period the node quotas were written over, in milliseconds (10 unless a quota under
/// 0.1 cores needed a longer one).</param>
public sealed record CpuIsolationFacts(string Hierarchy, string QuotaFile, bool GeneratorApart, double GeneratorCpus, double PeriodMs)
{
    /// <summary>The one quota every node process was capped at, in cores: a run's <c>--node-cpus</c>. Null in a size run,
    /// whose quotas its report gives per search (<c>--node-cpus</c>, the vertical axis's).</summary>
    public double? NodeCpus { get; init; }

    /// <summary>"each node process in a cgroup v1 group of its own capped at its quota (cpu.cfs_quota_us over a 10 ms
    /// cpu.cfs_period_us), the load generator's threads in a group of their own at 0.5 cores": how N nodes came to own N ×
    /// quota cores, in the hierarchy's own terms.</summary>
    public string Describe(Func<double, string> number)
    {
        ArgumentNullException.ThrowIfNull(number);
        var quota = QuotaFile == "cpu.max" ? $"cpu.max, quota and {number(PeriodMs)} ms period" : $"{QuotaFile} over a {number(PeriodMs)} ms cpu.cfs_period_us";
        return $"each node process in a {Hierarchy} group of its own capped at its quota of cores ({quota}), " +
               (GeneratorApart
                   ? $"the load generator's threads in a group of their own at {number(GeneratorCpus)} cores, so N nodes own N × quota cores and the generator's cores are apart"
                   : $"the load generator inside its node's quota ({Hierarchy} moves whole processes and its threaded mode is not used, so the " +
                     "generator's threads stay in their process's group), " +
                     "so N nodes own N × quota cores with their generators' work in them");
    }
}
