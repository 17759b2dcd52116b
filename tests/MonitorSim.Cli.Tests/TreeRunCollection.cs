namespace MonitorSim.Cli.Tests;

/// <summary>
/// Tests that start the tree run one at a time: each run wants both cores for its generator and actors, and the tree's
/// entity ids are process-wide static state.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TreeRunCollection
{
    public const string Name = "tree runs";
}
