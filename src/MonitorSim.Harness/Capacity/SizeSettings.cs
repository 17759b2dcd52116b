using MonitorSim.Load.Scenarios;
using MonitorSim.Sizing.Design;
using MonitorSim.Sizing.Search;

namespace MonitorSim.Harness.Capacity;

/// <summary>How a <c>monitorsim size</c> run searches for capacity and what its plan assumes (the command's options,
/// checked).</summary>
/// <param name="Search">The capacity search: first load factor, resolution, boundary repeats, limits.</param>
/// <param name="WarmUp">Every trial's warm-up, excluded from its figures.</param>
/// <param name="Steady">Every trial's steady window: what its figures and SLO verdicts cover.</param>
/// <param name="NodeCounts">Cluster sizes to search on, fewest first (the first is the plan's).</param>
/// <param name="Settle">Load at half the first trial's factor driven, unmeasured, on every freshly started cluster before its
/// first trial, in windows of this length until its nodes stop compiling (<see cref="CompilationSettle"/>; zero: none).</param>
/// <param name="NodeCpus">Cores each node process is capped at through cgroups (<c>--node-cpus</c>); null: not capped.</param>
/// <param name="GeneratorCpus">Cores the load generator threads are capped at when the nodes are.</param>
/// <param name="Design">What the design load considers besides the scenario's peak: the re-registration storm's scope
/// and a replayed incident log's busiest window.</param>
/// <param name="HeldOutWindows">How many windows each held-out load runs (interleaved with the other's); its percentile
/// is checked as the median of theirs.</param>
/// <param name="VerticalCpus">The vertical axis (<c>--vertical</c>): CPU quotas, fewest cores first, at each of which one
/// node is searched after the cluster sizes; null: no vertical axis.</param>
/// <param name="Searches">Capacity searches per node count, each on a cluster started afresh (<c>--searches</c>); the count
/// stands for its median search.</param>
/// <param name="TimeLimit">Each cluster size's (and vertical quota's) time from its start to its last held-out trial
/// (<c>--time-limit</c>): its search starts no trial that would leave too little of it for the probes and held-out trials
/// after it; null: no limit.</param>
public sealed record SizeSettings(
    SearchSettings Search,
    TimeSpan WarmUp,
    TimeSpan Steady,
    IReadOnlyList<ThresholdDefinition> Slo,
    double TargetUtilisation,
    double Growth,
    double PeakFactor,
    int CoresPerNode,
    IReadOnlyList<int> NodeCounts,
    TimeSpan Settle,
    double? NodeCpus = null,
    double GeneratorCpus = SizeSettings.DefaultGeneratorCpus,
    DesignSources? Design = null,
    IReadOnlyList<double>? VerticalCpus = null,
    int HeldOutWindows = SizeSettings.DefaultHeldOutWindows,
    int Searches = 1,
    TimeSpan? TimeLimit = null)
{
    /// <summary>Three windows a held-out load: a p99 near the capacity moves between windows of the same load by more than
    /// the ±30 % it is checked to (50 and 977 ms at one load in one search), so one window is one draw.</summary>
    public const int DefaultHeldOutWindows = 3;

    /// <summary>The most searches <c>--searches</c> allows per node count.</summary>
    public const int MaxSearches = 9;

    /// <summary>The design load's sources, the default ones (the largest platform's storm, no log) when none were given.</summary>
    public DesignSources DesignLoad => Design ?? new DesignSources();

    /// <summary>Half a core, as <c>run --node-cpus</c>'s (<see cref="Isolation.CpuQuotas.DefaultGeneratorCpus"/>).</summary>
    public const double DefaultGeneratorCpus = Isolation.CpuQuotas.DefaultGeneratorCpus;

    /// <summary>The vertical axis's quotas when <c>--vertical</c> names none: a quarter core to a core and a half, so that the
    /// largest (held out) still leaves the default generator's half core on a 2-core machine.</summary>
    public static readonly IReadOnlyList<double> DefaultVerticalCpus = [0.25, 0.5, 1, 1.5];
}

/// <summary>What the design load considers besides the scenario at its peak.</summary>
/// <param name="StormScope">The re-registration storm: every camera of the largest platform
/// (<see cref="StormSpec.PlatformScope"/>) or of the whole city (<see cref="StormSpec.CityScope"/>).</param>
/// <param name="Log">A replayed incident log's busiest window, read before the run; null: none.</param>
public sealed record DesignSources(string StormScope = StormSpec.PlatformScope, LogPeak? Log = null);
