using MonitorSim.Sizing.Search;

namespace MonitorSim.Sizing.Planning;

/// <summary>The trials a sizing run measured on one cluster size, run on a freshly started cluster of
/// <paramref name="Nodes"/> nodes: every trial of its capacity search, in the order run.</summary>
/// <param name="StopReason">Why this node count's search ended.</param>
/// <param name="Search">The capacity search's answer and trail; each trail entry's number is its step's.</param>
public sealed record NodeSeries(int Nodes, IReadOnlyList<StepMeasurement> Steps, string StopReason, SearchResult? Search = null)
{
    /// <summary>One trial per load factor, lowest load first: the series the models are fitted on. Of a load tried more
    /// than once, its first trial with the load's own verdict: held where at least as many of its trials held as broke the
    /// SLO (a search rechecks a load that failed once), so that a fresh node's first trial, which broke the SLO at load
    /// factor 1 and held on its recheck (2026-12-07, twice), is not read as the knee. Repeats of a load are left out so
    /// that a repeated load is not read as throughput that stopped growing.</summary>
    public IReadOnlyList<StepMeasurement> ByLoad { get; } = Steps.GroupBy(s => s.LoadFactor)
        .Select(g => g.First(s => s.SloHeld == StepMeasurement.HeldByMost(g.ToList())))
        .OrderBy(s => s.LoadFactor).ToList();

    /// <summary>The busiest node's share of the cameras (and so of the device operations) as the cluster placed its
    /// platforms at its start: 1 on one node, 1/N for an even split; null where not known.</summary>
    public double? BusiestShare { get; init; }

    /// <summary>The trials at the search's highest passing load that held the SLO: the capacity's measurements (empty when
    /// no load passed). The load may also have failed a trial, fewer than fail a load (<see
    /// cref="SearchSettings.FailuresToFail"/>); that trial measured a load the SLO broke at, not the capacity.</summary>
    public IReadOnlyList<StepMeasurement> HeldAtPassedLoad { get; } =
        Search?.PassedLoad is { } passed ? Steps.Where(s => s.LoadFactor == passed && s.SloHeld).ToList() : [];
}
