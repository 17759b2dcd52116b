using System.Diagnostics.CodeAnalysis;

namespace MonitorSim.Cli.Tests;

/// <summary>
/// Tests that start the tree run one at a time: each run wants both cores for its generator and actors, and the tree's
/// entity ids are process-wide static state.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix",
    Justification = "An xunit collection definition: xunit's convention names it after the collection.")]
public sealed class TreeRunCollection
{
    public const string Name = "tree runs";
}
