using MonitorSim.Sizing.Design;

namespace MonitorSim.Sizing.Planning;

/// <summary>What the production plan starts from.</summary>
/// <param name="BaseRates">Operations per second per operation at the scenario's own load (its load factor).</param>
/// <param name="Unpeaked">Operations the peak factor does not apply to: device timers (keepalives, registration refreshes)
/// tick at the same rate at every hour.</param>
/// <param name="Growth">Multiplies every rate: the city's growth over the plan's horizon.</param>
/// <param name="PeakFactor">Multiplies the other operations' rates: the busiest hour over the scenario's average.</param>
/// <param name="TargetUtilisation">Busy share of the planned cores (0–1).</param>
/// <param name="CoresPerNode">Cores of one production node.</param>
/// <param name="JournalRowsPerLoadFactorSecond">Journal rows per second per unit of load factor, measured; null if not.</param>
/// <param name="ScenarioLoadFactor">The scenario's own load factor (the base rates are at it).</param>
/// <param name="JournalBytesPerRow">Bytes of store file per journal row, measured; null if not.</param>
/// <param name="JournalHoursPerDay">Hours a day the journalled events happen (the scenario's office hours).</param>
/// <param name="Design">The named design load the plan is sized for; null: the scenario's rates × growth × peak factor.</param>
/// <param name="FloorP99Ms">p99 per operation at light load: the part of the response time that is not queueing for CPU.</param>
public sealed record PlanInputs(
    IReadOnlyDictionary<string, double> BaseRates,
    IReadOnlySet<string> Unpeaked,
    double Growth,
    double PeakFactor,
    double TargetUtilisation,
    int CoresPerNode,
    double? JournalRowsPerLoadFactorSecond,
    double ScenarioLoadFactor,
    double? JournalBytesPerRow,
    double JournalHoursPerDay,
    IReadOnlyDictionary<string, double> FloorP99Ms,
    IReadOnlyList<LinkTraffic> Links,
    DesignLoad? Design = null);
