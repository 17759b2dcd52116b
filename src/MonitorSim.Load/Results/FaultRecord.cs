namespace MonitorSim.Load.Results;

/// <summary>
/// One fault of a run and how it ended: when it was injected (s from the run's start), its scenario action, what was done,
/// what followed, and how long after the injection the platform answered again — every platform the fault took away
/// answered a status request, or, for a store outage, the store took writes again. Null: it did not recover within the
/// follow-up's limit, or the fault was skipped.
/// </summary>
public sealed record FaultRecord(double AtS, string Action, string Injected, string Outcome, double? RecoveredAfterS);
