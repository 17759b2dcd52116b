using MonitorSim.Domain.Operations;

namespace MonitorSim.Load.Results;

/// <summary>A supervision operation the tree acknowledged, which it answers only once its events are in the journal: a
/// clue filed (<see cref="OperationKind.ClueIntake"/>) or listed (<see cref="OperationKind.ClueListing"/>), a co-handled
/// request opened (<see cref="OperationKind.CoHandling"/>), with the id it was stored under
/// (<see cref="IMonitoringTree.StoredIdOf"/>). The end-of-run audit looks each up in the journal.</summary>
public sealed record StoredAcknowledgement(OperationKind Kind, string Id);
