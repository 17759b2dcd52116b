using MonitorSim.Load.Results;
using MonitorSim.Sizing.Planning;
using MonitorSim.Sizing.Search;
using MonitorSim.Sizing.Prediction;
using MonitorSim.Sizing.Vertical;
using MonitorSim.Sizing.Video;

namespace MonitorSim.Reports.Sizing;

/// <summary>Everything a <c>monitorsim size</c> run found: its facts, the steps, the models and the plan; the writers turn it
/// into sizing.md, sizing.html and sizing.json.</summary>
/// <param name="WallSeconds">How long the whole size run took, tree start and every step included.</param>
/// <param name="Search">How the capacity search ran (first load, resolution, repeats).</param>
/// <param name="StopReason">Why the first cluster size's search ended.</param>
/// <param name="JournalBytesPerRow">Store file growth per journal row over the whole run; null when not measured.</param>
/// <param name="Notes">Assumptions and caveats, in words, for the report.</param>
/// <param name="Analysis">The models and plan of the first (fewest-node) series.</param>
/// <param name="Clusters">Every node count's series, fewest nodes first; one entry unless <c>--nodes</c> listed several.</param>
/// <param name="NodeAxis">The node count as second axis; null with one node count.</param>
/// <param name="NodeCapacity">Searched capacity against CPU-isolated node counts, the USL over it and the held-out
/// largest count; null unless <c>--node-cpus</c> isolated two or more counts.</param>
/// <param name="NodeCpus">Cores each node process was capped at (<c>--node-cpus</c>); null: not capped, every node and the
/// load generator shared the machine's cores.</param>
/// <param name="Predictions">Per cluster size, the capacity and percentile predicted from light trials and checked.</param>
public sealed record SizingRun(
    string Scenario,
    string ScenarioFile,
    int Seed,
    string Store,
    DateTimeOffset StartedAt,
    double WallSeconds,
    double TreeStartMs,
    string Commit,
    string Machine,
    string DotNet,
    int MachineCores,
    int Platforms,
    int Points,
    int Cameras,
    SearchSettings Search,
    double WarmUpS,
    double SteadyS,
    IReadOnlyList<string> Slo,
    string StopReason,
    double? JournalBytesPerRow,
    SizingAnalysis Analysis,
    VideoBackbonePlan Video,
    IReadOnlyList<string> Notes,
    IReadOnlyList<NodeSeries>? Clusters = null,
    NodeScaling? NodeAxis = null,
    IReadOnlyList<ClusterPredictions>? Predictions = null,
    NodeCapacityAxis? NodeCapacity = null,
    double? NodeCpus = null)
{
    /// <summary>Every search of every node count when <c>--searches</c> ran more than one per count, fewest nodes first;
    /// null with one search a count. Each count's series in <see cref="Clusters"/> is its median search.</summary>
    public IReadOnlyList<SearchedNodeCapacity>? RepeatedSearches { get; init; }

    /// <summary>The vertical axis (<c>size --vertical</c>): one node searched at each CPU quota and the line over cores; null
    /// when not asked for.</summary>
    public VerticalRun? Vertical { get; init; }

    /// <summary>How the nodes' CPU was capped (<c>--node-cpus</c>, <c>--vertical</c>): the cgroup hierarchy, its quota file and
    /// where the load generator ran; null when nothing was capped.</summary>
    public CpuIsolationFacts? CpuIsolation { get; init; }

    /// <summary>How the size run ended: stopped by a signal, its plan covers only the trials that ran to their end.</summary>
    public RunEnd End { get; init; } = RunEnd.Completed;

    /// <summary>What the reports' title line adds: a partial plan says so first.</summary>
    public string? Caveat => End.Kind switch
    {
        RunEnding.Stopped => "PARTIAL: stopped before its end",
        RunEnding.Failed => "PARTIAL: the size run itself failed",
        _ => null,
    };
}
