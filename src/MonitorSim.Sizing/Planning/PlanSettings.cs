using MonitorSim.Sizing.Design;

namespace MonitorSim.Sizing.Planning;

/// <summary>The plan's settings that do not come from the measurements (see <see cref="PlanInputs"/>).</summary>
/// <param name="Storm">The re-registration storm the design load considers; null: none.</param>
/// <param name="DesignLog">A replayed incident log's busiest window the design load considers; null: none.</param>
public sealed record PlanSettings(
    double Growth,
    double PeakFactor,
    IReadOnlySet<string> Unpeaked,
    double TargetUtilisation,
    int CoresPerNode,
    double ScenarioLoadFactor,
    double? JournalBytesPerRow,
    double JournalHoursPerDay,
    IReadOnlyList<LinkTraffic> Links,
    StormSpec? Storm = null,
    LogPeak? DesignLog = null);
