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
        Handle(OperationKind.ClueListing, ticket);
    }

    public void OpenCoHandling(int unit, OpTicket ticket) => Handle(OperationKind.CoHandling, ticket);

    /// <summary>The clue number of every clue listing, in order.</summary>
    public ConcurrentQueue<long> ListedClues { get; } = new();

    /// <summary>The alarm id of every alarm query, in order.</summary>
    public ConcurrentQueue<long> QueriedAlarms { get; } = new();

    /// <summary>Ids handed out to alarms and numbers to filed clues (an outcome carries it as <see cref="OpOutcome.Ref"/>).</summary>
    private long _refs;

    public void Dispose()
    {
        foreach (var timer in _pending.Keys) timer.Dispose();
    }

    private void Handle(OperationKind kind, OpTicket ticket)
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
            Answer(kind, ticket);
            return;
        }
        Timer? timer = null;
        timer = new Timer(_ =>
        {
            Answer(kind, ticket);
            // The dictionary keeps the timer alive until it has fired.
            if (_pending.TryRemove(timer!, out var __)) timer!.Dispose();
        });
        _pending[timer] = 0;
        timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private void Answer(OperationKind kind, OpTicket ticket)
    {
        var (status, reason) = Decide(kind, ticket);
        // An alarm's outcome carries its id and a filed clue its number, for the step that follows.
        var id = kind is OperationKind.Alarm or OperationKind.ClueIntake && status == OpStatus.Ok ? Interlocked.Increment(ref _refs) : 0;
        var outcome = new OpOutcome(ticket, kind, status, Stopwatch.GetTimestamp(), default, reason, id);
        Answers.Enqueue(outcome);
        _observer.OnCompleted(outcome);
    }
}
