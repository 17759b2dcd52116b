using MonitorSim.Domain.Supervision;

namespace MonitorSim.Cluster.Protocol;

/// <summary>A command for one clue's actor; answered with <see cref="ClueCommandResult"/>.</summary>
public sealed record ClueCommandEnvelope(string ClueId, ClueCommand Command);

/// <summary>What became of a clue command: the events it caused (persisted before this answer is sent) or why it was
/// refused (nothing persisted, the clue unchanged).</summary>
public sealed record ClueCommandResult(string ClueId, IReadOnlyList<ClueEvent> Events, string? Rejection)
{
    public bool Accepted => Rejection is null;
}

/// <summary>Asks a clue's actor for its state; answered with the <see cref="Clue"/>.</summary>
public sealed record GetClue(string ClueId);
