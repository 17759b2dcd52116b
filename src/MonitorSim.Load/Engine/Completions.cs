using System.Collections.Concurrent;
using System.Diagnostics;
using MonitorSim.Domain.Operations;
using MonitorSim.Load.Measurement;

namespace MonitorSim.Load.Engine;

/// <summary>
/// Takes every operation's outcome, on the system's threads: counts an alarm once however often its camera re-sent it,
/// starts a composite's next step, frees a closed-model copy, has a camera told it is not registered register again,
/// and records the outcome in the run's measurement. After the run it gives what is still in flight the completion
/// timeout and counts the rest as timed out.
/// </summary>
internal sealed class Completions(StreamState[] streams, RunMeasurement measurement, RunClock clock, UnansweredAlarms unanswered,
    AutoResetEvent wake, ConcurrentQueue<(int Camera, long AlarmId)> acknowledged, int reregisterStream, long reregisterJitter)
{
    private readonly ConcurrentQueue<(long Due, int Camera)> _reactions = new();
    private volatile bool _closed;

    /// <summary>The tree a composite's next step goes to (null in a self-test run).</summary>
    public IMonitoringTree? Tree { get; set; }

    /// <summary>Called by the system, on its threads, when an operation completes.</summary>
    public void OnCompleted(in OpOutcome o)
    {
        // Only the first answer to an alarm counts: a camera that re-sent it may hear back more than once.
        if (o is { Kind: OperationKind.Alarm, Ticket.Step: 0 } && streams[o.Ticket.Stream].Plan.Target is null && !unanswered.Answered(o.Ticket)) return;
        Complete(o);
    }

    /// <summary>Records an outcome that counts (the first answer, or the camera giving up on an alarm).</summary>
    public void Complete(in OpOutcome o)
    {
        if (o is { Kind: OperationKind.Alarm, Status: OpStatus.Ok, Ref: > 0 }) acknowledged.Enqueue((o.Ticket.Subject, o.Ref));
        if (_closed) return; // answered after the completion timeout: already counted as timed out
        var stream = o.Ticket.Stream;
        var s = streams[stream];
        string? failedAt = null;
        if (s.Plan.Then is { } then)
        {
            // A composite: each step is measured on its own, and the whole from the first step's intended start.
            var stepWarm = clock.IsWarm(o.Ticket.Intended);
            measurement.RecordStep(stream, o, stepWarm);
            if (o.Ticket.Step == 0 && s.Plan is { Kind: OperationKind.Alarm } && o.Hops.CityAcked != 0) measurement.RecordHops(o, stepWarm);
            if (o.Ticket.Step == 0 && o.Status == OpStatus.Ok)
            {
                // The next step starts at once, on what the first produced; the operation stays in flight until it ends.
                var t = o.Ticket with { Step = 1, StepStarted = Stopwatch.GetTimestamp() };
                measurement.StepStarted(stream, 1, stepWarm);
                if (then == OperationKind.AlarmQuery) Tree!.QueryAlarm(new Domain.Topology.CameraId(o.Ticket.Subject), o.Ref, t);
                else if (then == OperationKind.ClueListing) Tree!.ListClue(o.Ref, t);
                return;
            }
            failedAt = OperationNames.Of(o.Ticket.Step == 0 ? s.Plan.Kind : then);
        }
        var warm = clock.IsWarm(o.Ticket.Intended);
        measurement.Ended(stream, warm);
        if (s.Plan.IsClosed)
        {
            s.Closed.Ready.Enqueue(o.Completed);
            wake.Set();
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

    /// <summary>Operations still in flight get the completion timeout, then count as timed out; answers after that are
    /// ignored. Stops the self-test targets.</summary>
    public async Task SettleAsync(TimeSpan completionTimeout)
    {
        var deadline = Stopwatch.GetTimestamp() + LoadPlanner.Ticks(completionTimeout);
        while (measurement.InFlight() > 0 && Stopwatch.GetTimestamp() < deadline)
            await Task.Delay(20, CancellationToken.None);
        _closed = true;
        foreach (var s in streams) s.Runner?.Dispose();
        for (var i = 0; i < streams.Length; i++)
        {
            var c = measurement.Stream(i);
            var left = Interlocked.Exchange(ref c.InFlight, 0);
            var measuredLeft = Math.Clamp(Interlocked.Exchange(ref c.InFlightMeasured, 0), 0, Math.Max(0, left));
            if (measuredLeft == 0) continue; // warm-up operations are excluded here as everywhere else
            measurement.CountTimedOut(i, measuredLeft, "timed_out");
        }
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
