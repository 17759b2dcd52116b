using System.Collections.Concurrent;
using System.Diagnostics;
using MonitorSim.Domain.Operations;
using MonitorSim.Load.Measurement;
using MonitorSim.Load.Results;

namespace MonitorSim.Load.Engine;

/// <summary>
/// Takes every operation's outcome, on the system's threads: counts an alarm once however often its camera re-sent it,
/// starts a composite's next step, frees a closed-model copy, has a camera told it is not registered register again,
/// and records the outcome in the run's measurement. An operation unanswered by its stream's timeout is counted then,
/// as failed (<c>timed_out</c>) with its latency up to that moment, as wrk2 and k6 count theirs, and its late answer is
/// ignored. After the run it gives what is still in flight the completion timeout and counts the rest the same way, at
/// their time at the end.
/// </summary>
internal sealed class Completions(StreamState[] streams, RunMeasurement measurement, RunClock clock, UnansweredAlarms unanswered,
    AcknowledgedOperations acknowledged, int reregisterStream, long reregisterJitter)
{
    private readonly ConcurrentQueue<(long Due, int Camera)> _reactions = new();

    /// <summary>What the tree acknowledged during the run (this node's; on the coordinator the workers' are added).</summary>
    public AcknowledgedOperations Acknowledged => acknowledged;

    /// <summary>Times the generator's bursts, when it issues in ticks (<see cref="BurstTimer"/>); null otherwise.</summary>
    public BurstTimer? Bursts { get; set; }

    /// <summary>Set when a closed-model copy comes free, to wake the generator at once.</summary>
    public AutoResetEvent Wake { get; } = new(false);

    /// <summary>The cameras' alarms awaiting an answer (re-sent until answered or given up).</summary>
    public UnansweredAlarms Unanswered => unanswered;

    /// <summary>Every operation started and not yet counted (the generator adds them).</summary>
    public PendingOperations Pending { get; } = new(streams.Select(s => s.Plan).ToList());

    /// <summary>The tree a composite's next step goes to (null in a self-test run).</summary>
    public IMonitoringTree? Tree { get; set; }

    /// <summary>Called by the system, on its threads, when an operation completes.</summary>
    public void OnCompleted(in OpOutcome o)
    {
        // Only the first answer to an alarm counts: a camera that re-sent it may hear back more than once.
        if (o is { Kind: OperationKind.Alarm, Ticket.Step: 0 } && streams[o.Ticket.Stream].Plan is { Target: null, Sip: null } && !unanswered.Answered(o.Ticket)) return;
        Complete(o);
    }

    /// <summary>Records an outcome that counts (the first answer, or the camera giving up on an alarm).</summary>
    public void Complete(in OpOutcome o)
    {
        Bursts?.Completed(o.Ticket.Started, o.Completed);
        if (o is { Kind: OperationKind.Alarm, Status: OpStatus.Ok, Ref: > 0 }) Acknowledged.Alarms.Enqueue((o.Ticket.Subject, o.Ref));
        // An answer means "stored", whether or not it came in time: a late one is audited too.
        else if (o is { Kind: OperationKind.ClueIntake or OperationKind.ClueListing or OperationKind.CoHandling, Status: OpStatus.Ok }
                 && Tree?.StoredIdOf(o.Kind, o.Ref) is { } id)
            Acknowledged.Supervision.Enqueue(new StoredAcknowledgement(o.Kind, id));
        var stream = o.Ticket.Stream;
        var s = streams[stream];
        // A composite's first step answered Ok goes on at once to its next step, on what the first produced.
        var next = s.Plan.Then is not null && o is { Ticket.Step: 0, Status: OpStatus.Ok }
            ? o.Ticket with { Step = 1, StepStarted = Stopwatch.GetTimestamp() }
            : (OpTicket?)null;
        var claim = next is { } n ? Pending.TryAdvance(o.Ticket, n, o.Completed, out var sent) : Pending.TryTake(o.Ticket, o.Completed, out sent);
        // Counted already: timed out, or still unanswered when the run ended.
        if (claim == PendingOperations.Claim.Gone) return;
        if (claim == PendingOperations.Claim.Late)
        {
            // Answered, but after its timeout: it timed out (whether or not a sweep had seen it yet).
            TimeOut(sent, Pending.DeadlineOf(sent));
            return;
        }
        string? failedAt = null;
        if (s.Plan.Then is { } then)
        {
            // A composite: each step is measured on its own, and the whole from the first step's intended start.
            var stepWarm = clock.IsWarm(o.Ticket.Intended);
            measurement.RecordStep(stream, o, stepWarm);
            if (o.Ticket.Step == 0 && s.Plan is { Kind: OperationKind.Alarm } && o.Hops.CityAcked != 0) measurement.RecordHops(o, stepWarm);
            if (claim == PendingOperations.Claim.Advanced)
            {
                // The operation stays in flight until its last step ends.
                var t = next!.Value;
                measurement.StepStarted(stream, 1, stepWarm);
                if (then == OperationKind.AlarmQuery) Tree!.QueryAlarm(new Domain.Topology.CameraId(o.Ticket.Subject), o.Ref, t);
                else if (then == OperationKind.ClueListing) Tree!.ListClue(o.Ref, t);
                return;
            }
            failedAt = OperationNames.Of(o.Ticket.Step == 0 ? s.Plan.Kind : then);
        }
        var warm = clock.IsWarm(o.Ticket.Intended);
        measurement.Ended(stream, warm);
        if (s.Plan.Schedule.IsClosed)
        {
            s.Closed.Ready.Enqueue(o.Completed);
            Wake.Set();
        }
        measurement.RecordOutcome(stream, o, warm, failedAt);
        if (o.Status != OpStatus.Ok)
        {
            if (s.Plan is { Target: null, Kind: OperationKind.Keepalive } && o.Reason == "not_registered") ScheduleReregistration(o);
            return;
        }
        if (s.Plan is { Target: null, Kind: OperationKind.Alarm, Then: null } && o.Hops.CityAcked != 0) measurement.RecordHops(o, warm);
    }

    /// <summary>Takes a camera due to register again after a refusal, and when; in no particular order (the generator
    /// orders them by time).</summary>
    public bool TryTakeReaction(out (long Due, int Camera) reaction) => _reactions.TryDequeue(out reaction);

    /// <summary>The operation <paramref name="sent"/> (as last sent: a composite's step in flight) was given up at
    /// <paramref name="at"/>, unanswered: it failed, timed out, with its latency up to then.</summary>
    public void TimeOut(OpTicket sent, long at)
    {
        var stream = sent.Stream;
        var s = streams[stream];
        var warm = clock.IsWarm(sent.Intended);
        measurement.Ended(stream, warm);
        if (s.Plan.Schedule.IsClosed)
        {
            s.Closed.Ready.Enqueue(at);
            Wake.Set();
        }
        var failedAt = s.Plan.Then is { } then ? OperationNames.Of(sent.Step == 0 ? s.Plan.Kind : then) : null;
        measurement.RecordTimedOut(stream, sent, at, warm, failedAt);
    }

    /// <summary>Operations still in flight get the completion timeout (their own timeouts still apply), then count as
    /// timed out at their time then; answers after that are ignored. Stops the self-test targets.</summary>
    public async Task SettleAsync(TimeSpan completionTimeout)
    {
        var deadline = Stopwatch.GetTimestamp() + LoadPlanner.Ticks(completionTimeout);
        while (measurement.InFlight() > 0 && Stopwatch.GetTimestamp() < deadline)
        {
            Pending.Sweep(Stopwatch.GetTimestamp(), TimeOut);
            await Task.Delay(20, CancellationToken.None);
        }
        var end = Stopwatch.GetTimestamp();
        Pending.TakeAll(sent => TimeOut(sent, Math.Min(end, Pending.DeadlineOf(sent))));
        foreach (var s in streams) s.Runner?.Dispose();
    }

    /// <summary>A device told it is not registered registers again after a jitter (deterministic per camera and time),
    /// as GB/T 28181 devices do; after a platform restart this is the re-registration storm.</summary>
    private void ScheduleReregistration(in OpOutcome o)
    {
        if (reregisterStream < 0) return;
        var camera = o.Ticket.Subject;
        var h = (ulong)(uint)camera * 0x9E3779B97F4A7C15UL ^ (ulong)o.Ticket.Intended;
        h ^= h >> 33; h *= 0xff51afd7ed558ccdUL; h ^= h >> 33;
        var jitter = reregisterJitter <= 0 ? 0 : (long)(h % (ulong)reregisterJitter);
        _reactions.Enqueue((o.Completed + jitter, camera));
    }
}
