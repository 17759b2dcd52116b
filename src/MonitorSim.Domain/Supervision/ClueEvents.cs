namespace MonitorSim.Domain.Supervision;

/// <summary>What happened to a clue: the journal of its persistent actor. Each is a fact; <see cref="Clue.Apply"/> folds
/// them into the clue's state.</summary>
public abstract record ClueEvent(DateTime At);

public sealed record ClueReceived(DateTime At, string ClueId, ClueChannel Channel, int Unit, IReadOnlyList<string> Persons, string? AgainstHandlerOf = null)
    : ClueEvent(At);

public sealed record ClueScreenedOut(DateTime At, ScreeningVerdict Verdict, string? DuplicateOf) : ClueEvent(At);

public sealed record ClueListed(DateTime At, string Responsible, DateTime Deadline) : ClueEvent(At);

/// <summary>Put under listed supervision (挂牌督办) in batch <paramref name="Batch"/>.</summary>
public sealed record ClueSupervisionListed(DateTime At, int Batch) : ClueEvent(At);

public sealed record ClueAssigned(DateTime At, ClueHandler Handler) : ClueEvent(At);

public sealed record InvestigationStarted(DateTime At) : ClueEvent(At);

public sealed record OutcomesDecided(DateTime At, IReadOnlyList<PersonDecision> Decisions) : ClueEvent(At);

/// <summary>Notified and exposed by name in batch <paramref name="Batch"/>; null when the case is not exposed.</summary>
public sealed record ClueNotified(DateTime At, int? Batch) : ClueEvent(At);

public sealed record RectificationStarted(DateTime At, DateTime Due) : ClueEvent(At);

public sealed record RectificationCompleted(DateTime At) : ClueEvent(At);

/// <summary>The look-back (回头看) found the problem back (<paramref name="Reopened"/>) or fixed.</summary>
public sealed record LookedBack(DateTime At, bool Reopened) : ClueEvent(At);

public sealed record ClueClosed(DateTime At) : ClueEvent(At);

/// <summary>The deadline passed with the clue still open: responsibility backtracking (责任倒查) opens a clue against its
/// handler. Recorded once per clue.</summary>
public sealed record DeadlineMissed(DateTime At, DateTime Deadline, string Responsible) : ClueEvent(At);
