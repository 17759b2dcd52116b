namespace MonitorSim.Load.Results;

/// <summary>What was run, where and how: enough to reproduce a run and to compare two.</summary>
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
    string Commit,
    string Machine,
    string DotNet,
    string Os,
    int Cores);
