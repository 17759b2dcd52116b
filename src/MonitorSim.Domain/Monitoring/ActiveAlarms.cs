namespace MonitorSim.Domain.Monitoring;

/// <summary>
/// The active alarms of one platform's subtree, counted per point. Alarms clear a fixed sim time after they were raised,
/// so a FIFO queue in raise order is enough to find the due ones without scanning. Applying an event twice, or a
/// clearance of an alarm no longer here, changes nothing: a snapshot may already reflect events replayed after it.
/// </summary>
public sealed class ActiveAlarms(int points, int firstPoint)
{
    private readonly int[] _perPoint = new int[points];
    private readonly Queue<(long Id, int Point, long RaisedTicks)> _queue = new();
    private readonly HashSet<long> _queued = [];
    private readonly HashSet<long> _cleared = [];

    public int Count => _queued.Count - _cleared.Count;

    /// <summary>Alarms ever raised here; the next alarm id is this + 1.</summary>
    public long Raised { get; private set; }

    public int AtPoint(int localPoint) => _perPoint[localPoint];

    /// <summary>Whether alarm <paramref name="id"/> was raised here and has not cleared.</summary>
    public bool IsActive(long id) => _queued.Contains(id) && !_cleared.Contains(id);

    /// <summary>The active alarms as (id, point, raised sim ticks), oldest first, for a snapshot.</summary>
    public ActiveAlarm[] Export() =>
        _queue.Where(a => !_cleared.Contains(a.Id)).Select(a => new ActiveAlarm(a.Id, a.Point, a.RaisedTicks)).ToArray();

    /// <summary>Restores a snapshot taken with <see cref="Export"/> into an empty set.</summary>
    public void Import(IEnumerable<ActiveAlarm> alarms, long raised)
    {
        foreach (var a in alarms)
        {
            if (!_queued.Add(a.Id)) continue;
            _queue.Enqueue((a.Id, a.Point, a.RaisedTicks));
            _perPoint[a.Point - firstPoint]++;
        }
        Raised = raised;
    }

    public void Apply(AlarmRaised e)
    {
        Raised = Math.Max(Raised, e.AlarmId);
        if (!_queued.Add(e.AlarmId)) return;
        _queue.Enqueue((e.AlarmId, e.Point, e.At.Ticks));
        _perPoint[e.Point - firstPoint]++;
    }

    public void Apply(AlarmCleared e)
    {
        if (_queued.Contains(e.AlarmId)) _cleared.Add(e.AlarmId);
    }

    /// <summary>When the oldest alarm still queued falls due (its raise time + <paramref name="clearAfter"/>); null when none
    /// is queued. An alarm whose clearance was replayed may still head the queue: its time only makes the next
    /// <see cref="ClearDue"/> come early, where it clears nothing new.</summary>
    public DateTime? NextDueAt(TimeSpan clearAfter) =>
        _queue.TryPeek(out var head) ? new DateTime(head.RaisedTicks, DateTimeKind.Unspecified) + clearAfter : null;

    /// <summary>Clears (and returns) the alarms raised at or before <paramref name="now"/> − <paramref name="clearAfter"/>.</summary>
    public List<AlarmCleared> ClearDue(DateTime now, TimeSpan clearAfter)
    {
        var due = new List<AlarmCleared>();
        var limit = (now - clearAfter).Ticks;
        while (_queue.TryPeek(out var head) && (head.RaisedTicks <= limit || _cleared.Contains(head.Id)))
        {
            _queue.Dequeue();
            _queued.Remove(head.Id);
            _perPoint[head.Point - firstPoint]--;
            if (!_cleared.Remove(head.Id)) due.Add(new AlarmCleared(head.Id, now));
        }
        return due;
    }
}
