using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Supervision;

namespace MonitorSim.Cluster.Actors;

/// <summary>
/// One clue, event-sourced: the rules are the pure <see cref="Clue"/> state machine in Domain; this actor decides each
/// command against the current state, persists the events before answering (so an accepted command is never lost, and a
/// command is applied once: its events are in the journal exactly once), and rebuilds the clue from its journal when it
/// starts again. A refused command persists nothing. Every event is tagged <see cref="Tag"/> so the read side can fold all
/// clues' events in one query (Akka.Persistence.Query's events by tag).
/// </summary>
public sealed class ClueActor : ReceivePersistentActor
{
    /// <summary>The journal tag of every clue event.</summary>
    public const string Tag = "clue";

    private static readonly IImmutableSet<string> Tags = ImmutableHashSet.Create(Tag);

    private Clue _clue = Clue.None;

    public ClueActor(string clueId)
    {
        PersistenceId = PersistenceIdOf(clueId);
        Recover<ClueEvent>(e => _clue = _clue.Apply(e));
        Command<ClueCommandEnvelope>(envelope => Handle(envelope.Command, (events, rejection) =>
            new ClueCommandResult(clueId, events, rejection)));
        // The load engine's clue operations: the same decision, answered as a measured operation.
        Command<ClueOperation>(op => Handle(op.Command, (_, rejection) => rejection is null
            ? new OperationDone(op.Ticket, op.Kind, OpStatus.Ok, Ref: op.Ref)
            : new OperationDone(op.Ticket, op.Kind, OpStatus.Rejected, Reason: "clue_refused"), op.ReplyTo));
        Command<GetClue>(_ => Sender.Tell(_clue));
    }

    public override string PersistenceId { get; }

    /// <summary>Decides <paramref name="command"/> against the clue; a refusal (or a command that changes nothing) is
    /// answered at once, accepted events are answered once all are stored — so an answer means "in the journal".</summary>
    private void Handle(ClueCommand command, Func<IReadOnlyList<ClueEvent>, string?, object> answer, IActorRef? replyTo = null)
    {
        replyTo ??= Sender;
        var decision = _clue.Decide(command);
        if (!decision.Accepted || decision.Events.Count == 0)
        {
            replyTo.Tell(answer([], decision.Rejection));
            return;
        }
        var applied = 0;
        PersistAll(decision.Events.Select(e => new Tagged(e, Tags)), t =>
        {
            _clue = _clue.Apply((ClueEvent)t.Payload);
            if (++applied == decision.Events.Count) replyTo.Tell(answer(decision.Events, null));
        });
    }

    /// <summary>A clue never takes a snapshot (its whole life is a dozen events), so its recovery skips the snapshot store:
    /// one query fewer for every clue that wakes, which is most of what recovery costs at this size.</summary>
    public override Recovery Recovery { get; } = new(SnapshotSelectionCriteria.None);

    /// <summary>The journal stream of a clue.</summary>
    public static string PersistenceIdOf(string clueId) => $"clue-{clueId}";

    public static Props Props(string clueId) => Akka.Actor.Props.Create(() => new ClueActor(clueId));
}
