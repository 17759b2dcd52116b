using System.Diagnostics.CodeAnalysis;

namespace MonitorSim.Cli.Tests;

/// <summary>
/// Tests that start the tree in this test process run one at a time: each run wants the machine's cores for its
/// generator and actors, and two at once would measure each other.
/// </summary>
[CollectionDefinition(Name)]
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix",
    Justification = "An xunit collection definition: xunit's convention names it after the collection.")]
public sealed class TreeRunCollection
{
    public const string Name = "tree runs";
}

/// <summary>
/// Tests whose tree runs entirely in child <c>monitorsim</c> processes (several nodes, kills, cuts, store outages, size
/// searches) run one at a time too, but beside the in-process tree runs (which take the other child-process runs, so the
/// two queues last about as long): they spend most of their time waiting on timers (failure
/// detection, recovery, their scenario's duration), so the two queues share the machine's cores instead of doubling the
/// suite's length. Their assertions have margins for a busy machine (recovery within 30 s, typically 18 s).
/// </summary>
[CollectionDefinition(Name)]
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix",
    Justification = "An xunit collection definition: xunit's convention names it after the collection.")]
public sealed class ChildProcessRunCollection
{
    public const string Name = "tree runs in child processes";
}

/// <summary>
/// Tests that compare a run with what an outside tool recorded of it (Prometheus's scrapes) run alone, after the
/// parallel collections: beside them the shared thread pool stalls the run and the tool's scrapes time out, and the
/// comparison measures the machine's load instead of the export.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix",
    Justification = "An xunit collection definition: xunit's convention names it after the collection.")]
public sealed class QuietRunCollection
{
    public const string Name = "runs compared with an outside tool, alone";
}
