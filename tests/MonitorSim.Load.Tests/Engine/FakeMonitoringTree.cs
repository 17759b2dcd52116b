using System.Collections.Concurrent;
using System.Diagnostics;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Load.Tests.Engine;

/// <summary>
/// A stand-in for the system under test: records every call and answers through the observer — at once on the
/// caller's thread, after a delay on a <see cref="Timer"/>, or never. <see cref="Decide"/> picks the answer.
/// </summary>
internal sealed class FakeMonitoringTree : IMonitoringTree, IDisposable
{
    private readonly IOperationObserver _observer;
    private readonly TimeSpan? _delay;
    private readonly bool _answers;
    private readonly ConcurrentDictionary<Timer, byte> _pending = new();

    private FakeMonitoringTree(IOperationObserver observer, bool answers, TimeSpan? delay)
    {
        _observer = observer;
        _answers = answers;
        _delay = delay;
    }

    /// <summary>Answers synchronously, inside the call.</summary>
    public static FakeMonitoringTree Immediate(IOperationObserver observer) => new(observer, true, null);

    /// <summary>Answers synchronously, its ids starting with <paramref name="idPrefix"/> (another node's port).</summary>
    public static FakeMonitoringTree Immediate(IOperationObserver observer, string idPrefix) => new(observer, true, null) { IdPrefix = idPrefix };

    /// <summary>Answers on a timer thread <paramref name="delay"/> after the call.</summary>
    public static FakeMonitoringTree Delayed(IOperationObserver observer, TimeSpan delay) => new(observer, true, delay);

    /// <summary>Never answers.</summary>
    public static FakeMonitoringTree Silent(IOperationObserver observer) => new(observer, false, null);

    /// <summary>The answer to an operation (default: Ok).</summary>
    public Func<OperationKind, OpTicket, (OpStatus Status, string? Reason)> Decide { get; set; } = (_, _) => (OpStatus.Ok, null);

    /// <summary>Whether operations of a kind are answered at all (default: all are, unless the tree is silent).</summary>
    public Func<OperationKind, bool> Answering { get; set; } = _ => true;

    /// <summary>Simulated cost of each call, spent on the caller's thread before returning.</summary>
    public TimeSpan CallCost { get; set; } = TimeSpan.Zero;

    /// <summary>Every call, in order.</summary>
    public ConcurrentQueue<(OperationKind Kind, OpTicket Ticket)> Calls { get; } = new();

    /// <summary>Every answer given, in order.</summary>
    public ConcurrentQueue<OpOutcome> Answers { get; } = new();

    /// <summary>For a delayed tree, each answer's wait: from the call to the answer's timestamp, as the Stopwatch saw it.
    /// A timer fires up to a millisecond or so either side of the delay asked for (its clock counts whole milliseconds),
    /// so a test bounds what the engine timed by these waits, not by the delay.</summary>
    public ConcurrentQueue<double> WaitsSeconds { get; } = new();

    public void Register(CameraId camera, OpTicket ticket) => Handle(OperationKind.Registration, ticket);

    public void Keepalive(CameraId camera, OpTicket ticket) => Handle(OperationKind.Keepalive, ticket);

    public void RaiseAlarm(CameraId camera, AlarmType type, OpTicket ticket)
    {
        RaisedTypes.Enqueue(type);
        Handle(OperationKind.Alarm, ticket);
    }

    /// <summary>The type of every alarm raised, in order.</summary>
    public ConcurrentQueue<AlarmType> RaisedTypes { get; } = new();

    public void ServiceFlow(PointId point, ServiceFlowStep step, OpTicket ticket) => Handle(OperationKind.ServiceFlow, ticket);

    public void QueryAlarm(CameraId camera, long alarmId, OpTicket ticket)
    {
        QueriedAlarms.Enqueue(alarmId);
        Handle(OperationKind.AlarmQuery, ticket);
    }

    public void FileClue(PointId point, OpTicket ticket) => Handle(OperationKind.ClueIntake, ticket);

    public void ListClue(long clue, OpTicket ticket)
    {
        ListedClues.Enqueue(clue);
        Handle(OperationKind.ClueListing, ticket, clue);
    }

    public void OpenCoHandling(int unit, OpTicket ticket) => Handle(OperationKind.CoHandling, ticket);

    /// <summary>What this tree's ids start with (<see cref="StoredIdOf"/>): two fakes standing for two nodes' ports name
    /// their clues apart, as the cluster's ports do.</summary>
    public string IdPrefix { get; init; } = "";

    /// <summary>A filed or listed clue as <c>clue-N</c>, a co-handled request as <c>request-N</c> (after <see cref="IdPrefix"/>).</summary>
    public string? StoredIdOf(OperationKind kind, long reference) => kind switch
    {
        OperationKind.ClueIntake or OperationKind.ClueListing => $"{IdPrefix}clue-{reference}",
        OperationKind.CoHandling => $"{IdPrefix}request-{reference}",
        _ => null,
    };

    /// <summary>The clue number of every clue listing, in order.</summary>
    public ConcurrentQueue<long> ListedClues { get; } = new();

    /// <summary>The alarm id of every alarm query, in order.</summary>
    public ConcurrentQueue<long> QueriedAlarms { get; } = new();

    /// <summary>Ids handed out to alarms and numbers to filed clues (an outcome carries it as <see cref="OpOutcome.Ref"/>).</summary>
    private long _refs;
    private long _requests;

    /// <summary>Whether whoever built it has disposed it.</summary>
    public bool Disposed { get; private set; }

    public void Dispose()
    {
        Disposed = true;
        foreach (var timer in _pending.Keys) timer.Dispose();
    }

    /// <param name="reference">What the answer carries as its Ref when the call names it (a listing: its clue).</param>
    private void Handle(OperationKind kind, OpTicket ticket, long reference = 0)
    {
        Calls.Enqueue((kind, ticket));
        if (CallCost > TimeSpan.Zero)
        {
            var until = Stopwatch.GetTimestamp() + (long)(CallCost.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < until) Thread.SpinWait(20);
        }
        if (!_answers || !Answering(kind)) return;
        if (_delay is not { } delay)
        {
            Answer(kind, ticket, reference);
            return;
        }
        var called = Stopwatch.GetTimestamp();
        Timer? timer = null;
        timer = new Timer(_ =>
        {
            var answered = Answer(kind, ticket, reference);
            WaitsSeconds.Enqueue((answered - called) / (double)Stopwatch.Frequency);
            // The dictionary keeps the timer alive until it has fired.
            if (_pending.TryRemove(timer!, out var __)) timer!.Dispose();
        });
        _pending[timer] = 0;
        timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    /// <returns>The answer's timestamp.</returns>
    private long Answer(OperationKind kind, OpTicket ticket, long reference)
    {
        var (status, reason) = Decide(kind, ticket);
        // An alarm's outcome carries its id and a filed clue its number, for the step that follows; a listing its clue's
        // number and an opened request its own, as the cluster's answers do.
        var id = status != OpStatus.Ok ? 0
            : kind switch
            {
                OperationKind.Alarm or OperationKind.ClueIntake => Interlocked.Increment(ref _refs),
                OperationKind.ClueListing => reference,
                OperationKind.CoHandling => Interlocked.Increment(ref _requests),
                _ => 0,
            };
        var outcome = new OpOutcome(ticket, kind, status, Stopwatch.GetTimestamp(), default, reason, id);
        Answers.Enqueue(outcome);
        _observer.OnCompleted(outcome);
        return outcome.Completed;
    }
}
