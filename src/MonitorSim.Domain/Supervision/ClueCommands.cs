namespace MonitorSim.Domain.Supervision;

/// <summary>What someone asks of a clue; <see cref="Clue.Decide"/> answers with the events it causes or a rejection.</summary>
public abstract record ClueCommand(DateTime At);

public sealed record ReceiveClue(DateTime At, string ClueId, ClueChannel Channel, int Unit, IReadOnlyList<string> Persons, string? AgainstHandlerOf = null)
    : ClueCommand(At);

public sealed record ScreenClue(DateTime At, ScreeningVerdict Verdict, string? DuplicateOf = null) : ClueCommand(At);

public sealed record ListClue(DateTime At, string Responsible, DateTime Deadline) : ClueCommand(At);

public sealed record ListForSupervision(DateTime At, int Batch) : ClueCommand(At);

public sealed record AssignClue(DateTime At, ClueHandler Handler) : ClueCommand(At);

public sealed record StartInvestigation(DateTime At) : ClueCommand(At);

public sealed record DecideOutcomes(DateTime At, IReadOnlyList<PersonDecision> Decisions) : ClueCommand(At);

public sealed record NotifyClue(DateTime At, int? Batch) : ClueCommand(At);

public sealed record StartRectification(DateTime At, DateTime Due) : ClueCommand(At);

public sealed record CompleteRectification(DateTime At) : ClueCommand(At);

public sealed record LookBack(DateTime At, bool ProblemBack) : ClueCommand(At);

public sealed record CloseClue(DateTime At) : ClueCommand(At);

/// <summary>The clock ticked: a clue past its deadline and still open records <see cref="DeadlineMissed"/> (once).</summary>
public sealed record CheckDeadline(DateTime At) : ClueCommand(At);
