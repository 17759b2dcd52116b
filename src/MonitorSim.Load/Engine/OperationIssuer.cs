using System.Diagnostics;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Measurement;

namespace MonitorSim.Load.Engine;

/// <summary>Starts operations, on the generator thread: within the stream's in-flight cap (dropping and counting what
/// cannot start), on this node's share of the platforms only, with the subject and content drawn for it, and hands them
/// to the tree or the stream's self-test target.</summary>
internal sealed class OperationIssuer(StreamState[] streams, RunMeasurement measurement, RunClock clock, SubjectPicker subjects,
    UnansweredAlarms unanswered, PendingOperations pending, AutoResetEvent wake, LoadShare? share, IOperationRecorder? recorder,
    int maxInFlightPerStream)
{
    private long _lastStarted;

    /// <summary>The tree operations go to (null in a self-test run).</summary>
    public IMonitoringTree? Tree { get; set; }

    /// <summary>Stops a generator waiting for a free slot (a replayed log's stream at its cap).</summary>
    public CancellationToken Stop { get; set; }

    /// <summary>Fails an operation whose timeout passed (with its deadline): the sweep a generator waiting for a free slot
    /// runs itself, since it is the thread that sweeps.</summary>
    public Action<OpTicket, long>? TimedOut { get; set; }

    /// <summary>Whether this node generates stream <paramref name="i"/>'s arrivals at all.</summary>
    public bool Generates(int i) => share is null || share.RunsCoordinatorStreams || streams[i].Splits;

    /// <summary>Starts one operation; false when the stream is at its in-flight cap (the operation is dropped and counted).
    /// An operation of a platform another node's generator owns is left to that node (true: nothing to count here).</summary>
    public bool Issue(int streamIndex, long intended, int member, int detail = -1)
    {
        var s = streams[streamIndex];
        Subject subject = default;
        if (s.Runner is null)
        {
            // Drawn for every arrival on every node, owned or not, so that all nodes agree on each one's subject.
            subject = subjects.SubjectOf(s, member);
            if (share is not null && s.Splits && !share.Owns(subjects.PlatformOf(s, subject))) return true;
        }
        var warm = clock.IsWarm(intended);
        var cap = s.Plan.InFlight.CapOr(maxInFlightPerStream);
        var counters = measurement.Stream(streamIndex);
        // A replayed log never drops a line: the generator waits for a slot (the wait is lag, measured like any other).
        // Operations time out only through the sweep on this thread: waiting without it, a stream whose operations are
        // never answered (their node killed) held its slots, and the generator, until the run was cancelled.
        if (s.Plan.InFlight.WaitWhenFull)
            while (Volatile.Read(ref counters.InFlight) >= cap && !Stop.IsCancellationRequested)
            {
                if (TimedOut is { } expired) pending.Sweep(Stopwatch.GetTimestamp(), expired);
                wake.WaitOne(1);
            }
        if (Volatile.Read(ref counters.InFlight) >= cap)
        {
            measurement.Dropped(streamIndex, warm);
            return false;
        }
        measurement.Starting(streamIndex, warm);
        // Every operation's start is its own (a nanosecond on, if the clock has not moved): it is the operation's key
        // among those pending.
        var started = Math.Max(Stopwatch.GetTimestamp(), _lastStarted + 1);
        _lastStarted = started;
        measurement.Started(streamIndex, started - intended, warm);
        if (s.Runner is { } runner)
        {
            var t = new OpTicket(streamIndex, member, intended, started);
            pending.Add(t);
            runner.Start(t);
            return true;
        }
        // What the operation carries is settled before it is sent, so that a recording holds exactly what was offered.
        var kind = s.Plan.Kind;
        var alarm = kind == OperationKind.Alarm
            ? subject.Alarm ?? (detail >= 0 ? (AlarmType)detail : s.Plan.AlarmMix.Pick(s.Rng.NextDouble()))
            : default;
        var step = kind == OperationKind.ServiceFlow ? (ServiceFlowStep)(detail >= 0 ? detail : s.Rng.Next(4)) : default;
        recorder?.Offered(intended - clock.Start, kind,
            kind switch
            {
                OperationKind.ServiceFlow or OperationKind.ClueIntake => subject.Point.Value,
                OperationKind.CoHandling => subject.Unit,
                _ => subject.Camera.Value,
            },
            kind == OperationKind.Alarm ? (int)alarm : kind == OperationKind.ServiceFlow ? (int)step : -1);
        Send(s.Plan.Kind, streamIndex, subject, alarm, step, intended, started);
        return true;
    }

    /// <summary>Sends an alarm again (its camera heard no answer), with the ticket it was first sent with.</summary>
    public void Resend(CameraId camera, AlarmType type, OpTicket ticket) => Tree!.RaiseAlarm(camera, type, ticket);

    /// <summary>Hands one operation to the tree: camera operations go to the subject's camera, service flow (its
    /// <paramref name="step"/>) to its point, a co-handled request to its co-handling unit; an alarm is of <paramref name="alarm"/>.</summary>
    private void Send(OperationKind kind, int streamIndex, in Subject subject, AlarmType alarm, ServiceFlowStep step, long intended, long started)
    {
        var tree = Tree!;
        var (camera, point) = (subject.Camera, subject.Point);
        var ticket = new OpTicket(streamIndex, camera.Value, intended, started);
        pending.Add(ticket);
        switch (kind)
        {
            case OperationKind.Keepalive: tree.Keepalive(camera, ticket); break;
            case OperationKind.Registration: tree.Register(camera, ticket); break;
            case OperationKind.Alarm:
            {
                // A SIP camera re-sends by itself (timer E); the engine's stand-in for it is for the in-cluster tree only.
                if (streams[streamIndex].Plan.Sip is null) unanswered.Sent(camera, alarm, ticket, Stopwatch.GetTimestamp());
                tree.RaiseAlarm(camera, alarm, ticket);
                break;
            }
            case OperationKind.AlarmQuery: tree.QueryAlarm(camera, 0, ticket); break;
            case OperationKind.ServiceFlow:
                tree.ServiceFlow(point, step, ticket with { Subject = point.Value });
                break;
            case OperationKind.ClueIntake: tree.FileClue(point, ticket with { Subject = point.Value }); break;
            case OperationKind.CoHandling: tree.OpenCoHandling(subject.Unit, ticket with { Subject = subject.Unit }); break;
        }
    }
}
