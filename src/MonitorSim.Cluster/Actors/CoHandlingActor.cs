using System.Collections.Immutable;
using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence;
using Akka.Persistence.Journal;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Supervision;

namespace MonitorSim.Cluster.Actors;

/// <summary>
/// One co-handled request, event-sourced: the rules are the pure <see cref="CoHandlingRequest"/>; this actor opens it,
/// then runs its department steps in sim time (each step's work as <see cref="CoHandlingPractice"/> draws it for the
/// request), checking the current step's deadline at every sweep. A step that overruns is recorded once and filed as a
/// clue against the co-handler — inaction turned into supervision. The clue's id is the request and the step, so filing
/// it again after a restart (which this actor does for every overdue step it recovers) is refused as already received.
/// </summary>
public sealed class CoHandlingActor : ReceivePersistentActor, IWithTimers
{
    /// <summary>The journal tag of every co-handling event.</summary>
    public const string Tag = "co-handling";

    private static readonly IImmutableSet<string> Tags = ImmutableHashSet.Create(Tag);

    private readonly TreeContext _ctx;
    private CoHandlingRequest _request = CoHandlingRequest.None;
    private TimeSpan[] _work = [];
    private readonly Dictionary<int, CoHandlingStepOverdue> _overdue = [];
    private int _unit;
    private IActorRef? _clues;

    public CoHandlingActor(string requestId, TreeContext ctx)
    {
        _ctx = ctx;
        PersistenceId = PersistenceIdOf(requestId);
        Recover<CoHandlingEvent>(Apply);
        Recover<CoHandlingUnitNoted>(u => _unit = u.Unit);
        Recover<RecoveryCompleted>(_ =>
        {
            foreach (var step in _request.Overdue) FileClue(step);
            if (_request.IsOpen) StartSweeping();
        });
        Command<CoHandlingOperation>(op =>
        {
            var decision = _request.Decide(op.Open);
            if (!decision.Accepted)
            {
                op.ReplyTo.Answer(op.Ticket, OperationKind.CoHandling, OpStatus.Rejected, reason: "request_refused");
                return;
            }
            // The unit first (where the post is), then the opening: recovered, the request knows whom a clue is about.
            Persist(new CoHandlingUnitNoted(op.Unit), u => _unit = u.Unit);
            PersistAll(decision.Events.Select(e => new Tagged(e, Tags)), t =>
            {
                Apply((CoHandlingEvent)t.Payload);
                op.ReplyTo.Answer(op.Ticket, OperationKind.CoHandling, OpStatus.Ok, reference: op.Ref);
                StartSweeping();
            });
        });
        Command<Sweep>(_ => Advance());
        Command<GetCoHandling>(_ => Sender.Tell(_request));
    }

    public override string PersistenceId { get; }

    /// <summary>A request never takes a snapshot (a handful of events): recovery skips the snapshot store.</summary>
    public override Recovery Recovery { get; } = new(SnapshotSelectionCriteria.None);

    public ITimerScheduler Timers { get; set; } = null!;

    public static string PersistenceIdOf(string requestId) => $"co-handling-{requestId}";

    public static Props Props(string requestId, TreeContext ctx) => Akka.Actor.Props.Create(() => new CoHandlingActor(requestId, ctx));

    private void Apply(CoHandlingEvent e)
    {
        _request = _request.Apply(e);
        if (e is CoHandlingOpened o) _work = CoHandlingPractice.WorkTimes(o.RequestId, o.Steps);
        if (e is CoHandlingStepOverdue late) _overdue[late.Step] = late;
    }

    private void StartSweeping() => Timers.StartPeriodicTimer("sweep", Sweep.Instance, _ctx.Wall(_ctx.SweepInterval));

    /// <summary>
    /// Brings the request up to the sim clock: the current step's deadline passing unfinished is recorded (and filed as
    /// a clue), a step whose work is done is completed, as often as the clock allows — one step at a time, each stored
    /// before the next is looked at.
    /// </summary>
    private void Advance()
    {
        if (!_request.IsOpen) { Timers.Cancel("sweep"); return; }
        var now = _ctx.Clock.Now;
        var step = _request.Done;
        var due = _request.CurrentDue!.Value;
        var finished = _request.CurrentSince + _work[step];
        if (finished <= now && finished <= due || finished <= now && _request.Overdue.Contains(step))
        {
            Store(new CompleteCoHandlingStep(finished, step), Advance);
            return;
        }
        if (now > due && !_request.Overdue.Contains(step))
            Store(new CheckCoHandlingDeadline(finished <= now ? finished : now), () =>
            {
                FileClue(step);
                Advance();
            });
    }

    private void Store(CoHandlingCommand command, Action then)
    {
        var decision = _request.Decide(command);
        if (!decision.Accepted || decision.Events.Count == 0) return;
        var applied = 0;
        PersistAll(decision.Events.Select(e => new Tagged(e, Tags)), t =>
        {
            Apply((CoHandlingEvent)t.Payload);
            if (++applied == decision.Events.Count) then();
        });
    }

    private void FileClue(int step)
    {
        var receipt = _request.ClueFor(_overdue[step], _ctx.Topology.CoHandling[_unit].At.Value);
        _clues ??= ActorRegistry.For(Context.System).Get<ClueRegionKey>();
        _clues.Tell(new ClueCommandEnvelope(receipt.ClueId, receipt), ActorRefs.Nobody);
    }

    private sealed class Sweep
    {
        public static Sweep Instance { get; } = new();
    }
}
