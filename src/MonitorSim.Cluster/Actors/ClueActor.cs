using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using MonitorSim.Cluster.Protocol;
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
        Command<ClueCommandEnvelope>(envelope =>
        {
            var decision = _clue.Decide(envelope.Command);
            if (!decision.Accepted || decision.Events.Count == 0)
            {
                Sender.Tell(new ClueCommandResult(clueId, [], decision.Rejection));
                return;
            }
            var replyTo = Sender;
            var applied = 0;
            PersistAll(decision.Events.Select(e => new Tagged(e, Tags)), t =>
            {
                _clue = _clue.Apply((ClueEvent)t.Payload);
                if (++applied == decision.Events.Count) replyTo.Tell(new ClueCommandResult(clueId, decision.Events, null));
            });
        });
        Command<GetClue>(_ => Sender.Tell(_clue));
    }

    public override string PersistenceId { get; }

    /// <summary>The journal stream of a clue.</summary>
    public static string PersistenceIdOf(string clueId) => $"clue-{clueId}";

    public static Props Props(string clueId) => Akka.Actor.Props.Create(() => new ClueActor(clueId));
}
