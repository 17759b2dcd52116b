using MonitorSim.Load.Scenarios;
using MonitorSim.Sizing.Planning;

namespace MonitorSim.Harness.Capacity;

/// <summary>How a <c>monitorsim size</c> run steps the load and what its plan assumes (the command's options, checked).</summary>
/// <param name="NodeCounts">Cluster sizes to run the series on, fewest first (the first is the plan's).</param>
/// <param name="Settle">Load at the first step's factor driven, unmeasured, on every freshly started cluster before its
/// first step (zero: none).</param>
public sealed record SizeSettings(
    LoadSteps Series,
    TimeSpan WarmUp,
    TimeSpan Steady,
    IReadOnlyList<ThresholdDefinition> Slo,
    double TargetUtilisation,
    double Growth,
    double PeakFactor,
    int CoresPerNode,
    IReadOnlyList<int> NodeCounts,
    TimeSpan Settle);
