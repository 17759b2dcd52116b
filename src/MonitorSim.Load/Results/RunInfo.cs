namespace MonitorSim.Load.Results;

/// <summary>What was run, where and how, by which build: enough to reproduce a run and to compare two.</summary>
public sealed record RunInfo(
    string Scenario,
    string ScenarioFile,
    int Seed,
    DateTimeOffset StartedAt,
    double DurationS,
    double WarmUpS,
    double LoadFactor,
    double Compression,
    int Nodes,
    string Store,
    BuildInfo Build,
    string Machine,
    string Os,
    int Cores)
{
    /// <summary>The commit the running build was made from.</summary>
    public string Commit => Build.Commit;

    /// <summary>The runtime the run ran on.</summary>
    public string DotNet => Build.Runtime;

    /// <summary>How the run ended (stopped by a signal, failed in itself); completed unless told.</summary>
    public RunEnd End { get; init; } = RunEnd.Completed;

    /// <summary>How the node processes were CPU-isolated (<c>run --node-cpus</c>): their quota, the cgroup hierarchy, where
    /// the load generator ran; null when they were not capped.</summary>
    public CpuIsolationFacts? CpuIsolation { get; init; }
}
