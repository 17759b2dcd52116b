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
/// <param name="Settle">Load at the first trial's factor driven, unmeasured, on every freshly started cluster before its
/// first trial, in windows of this length until its nodes stop compiling (<see cref="CompilationSettle"/>; zero: none).</param>
/// <param name="NodeCpus">Cores each node process is capped at through cgroups (<c>--node-cpus</c>); null: not capped.</param>
/// <param name="GeneratorCpus">Cores the load generator threads are capped at when the nodes are.</param>
/// <param name="StormScope">The re-registration storm the design load considers: every camera of the largest platform
/// (<see cref="StormSpec.PlatformScope"/>) or of the whole city (<see cref="StormSpec.CityScope"/>).</param>
/// <param name="DesignLog">A replayed incident log's busiest window, read before the run; null: none.</param>
/// <param name="VerticalCpus">The vertical axis (<c>--vertical</c>): CPU quotas, fewest cores first, at each of which one
/// node is searched after the cluster sizes; null: no vertical axis.</param>
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
    string StormScope = StormSpec.PlatformScope,
    LogPeak? DesignLog = null,
    IReadOnlyList<double>? VerticalCpus = null)
{
    /// <summary>Half a core: the baseline's generator thread measured 0.03–0.30 cores up to its knee.</summary>
    public const double DefaultGeneratorCpus = 0.5;

    /// <summary>The vertical axis's quotas when <c>--vertical</c> names none: a quarter core to a core and a half, so that the
    /// largest (held out) still leaves the default generator's half core on a 2-core machine.</summary>
    public static readonly IReadOnlyList<double> DefaultVerticalCpus = [0.25, 0.5, 1, 1.5];
}
