using Akka.Actor;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Supervision;

namespace MonitorSim.Cluster.Protocol;

/// <summary>A message for one clue's actor, wherever its shard lives.</summary>
public interface IClueMessage
{
    string ClueId { get; }
}

/// <summary>A command for one clue's actor; answered with <see cref="ClueCommandResult"/>.</summary>
public sealed record ClueCommandEnvelope(string ClueId, ClueCommand Command) : IClueMessage;

/// <summary>A clue command the load engine measures (see <see cref="OperationKind.ClueIntake"/>): the clue's actor answers
/// <paramref name="ReplyTo"/> with an <see cref="OperationDone"/> carrying <paramref name="Ticket"/> — Ok once the events
/// are stored, Rejected with the rule's reason otherwise — and <paramref name="Ref"/>, which names the clue to a next
/// step.</summary>
public sealed record ClueOperation(string ClueId, ClueCommand Command, OperationKind Kind, OpTicket Ticket, long Ref, IActorRef ReplyTo)
    : IClueMessage;

/// <summary>What became of a clue command: the events it caused (persisted before this answer is sent) or why it was
/// refused (nothing persisted, the clue unchanged).</summary>
public sealed record ClueCommandResult(string ClueId, IReadOnlyList<ClueEvent> Events, string? Rejection)
{
    public bool Accepted => Rejection is null;
}

/// <summary>Asks a clue's actor for its state; answered with the <see cref="Clue"/>.</summary>
public sealed record GetClue(string ClueId) : IClueMessage;

/// <summary>The supervision desk finished a simulated day: the ledger persists it, with the day's unit warning changes, and
/// answers <see cref="SupervisionDayRecorded"/>. A day already recorded is acknowledged again without a second event.</summary>
public sealed record RecordSupervisionDay(int Day, DateTime Date, IReadOnlyList<UnitWarningChanged> Warnings);

public sealed record SupervisionDayRecorded(int Day);

/// <summary>The ledger's journal: one event per finished day.</summary>
public sealed record SupervisionDayDone(int Day, DateTime Date, IReadOnlyList<UnitWarningChanged> Warnings);

/// <summary>Asks the ledger how many days are done; answered with <see cref="SupervisionProgress"/>.</summary>
public sealed record GetSupervisionProgress
{
    public static GetSupervisionProgress Instance { get; } = new();
}

public sealed record SupervisionProgress(int DaysDone);

/// <summary>A message for one co-handled request's actor, wherever its shard lives.</summary>
public interface ICoHandlingMessage
{
    string RequestId { get; }
}

/// <summary>A citizen's request opened at a co-handling post, as a measured load operation: answered to
/// <paramref name="ReplyTo"/> with an <see cref="OperationDone"/> once the opening is stored. <paramref name="Unit"/> is the
/// post's co-handling unit, whose point an overdue step's clue is about.</summary>
public sealed record CoHandlingOperation(string RequestId, OpenCoHandling Open, int Unit, OpTicket Ticket, long Ref, IActorRef ReplyTo)
    : ICoHandlingMessage;

/// <summary>Asks a co-handled request's actor for its state; answered with the <see cref="CoHandlingRequest"/>.</summary>
public sealed record GetCoHandling(string RequestId) : ICoHandlingMessage;

/// <summary>Journal: the co-handling unit (post or centre) a request was opened at, stored before its opening.</summary>
public sealed record CoHandlingUnitNoted(int Unit);
