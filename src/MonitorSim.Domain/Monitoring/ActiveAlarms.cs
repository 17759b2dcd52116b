namespace MonitorSim.Domain.Monitoring;

/// <summary>
/// The active alarms of one platform's subtree, counted per point. Alarms clear a fixed sim time after they were raised,
/// so a FIFO queue in raise order is enough to find the due ones without scanning.
/// </summary>
public sealed class ActiveAlarms(int points, int firstPoint)
{
    private readonly int[] _perPoint = new int[points];
    private readonly Queue<(long Id, int Point, long RaisedTicks)> _queue = new();
    private readonly HashSet<long> _cleared = [];

    public int Count => _queue.Count - _cleared.Count;

    /// <summary>Alarms ever raised here; the next alarm id is this + 1.</summary>
    public long Raised { get; private set; }

    public int AtPoint(int localPoint) => _perPoint[localPoint];

    /// <summary>The active alarms as (id, point, raised sim ticks), oldest first, for a snapshot.</summary>
    public ActiveAlarm[] Export() =>
        _queue.Where(a => !_cleared.Contains(a.Id)).Select(a => new ActiveAlarm(a.Id, a.Point, a.RaisedTicks)).ToArray();

    /// <summary>Restores a snapshot taken with <see cref="Export"/> into an empty set.</summary>
    public void Import(IEnumerable<ActiveAlarm> alarms, long raised)
    {
        foreach (var a in alarms)
        {
            _queue.Enqueue((a.Id, a.Point, a.RaisedTicks));
            _perPoint[a.Point - firstPoint]++;
        }
        Raised = raised;
    }

    public void Apply(AlarmRaised e)
    {
        _queue.Enqueue((e.AlarmId, e.Point, e.At.Ticks));
        _perPoint[e.Point - firstPoint]++;
        Raised = Math.Max(Raised, e.AlarmId);
    }

    public void Apply(AlarmCleared e) => _cleared.Add(e.AlarmId);

    /// <summary>Clears (and returns) the alarms raised at or before <paramref name="now"/> − <paramref name="clearAfter"/>.</summary>
    public List<AlarmCleared> ClearDue(DateTime now, TimeSpan clearAfter)
    {
        var due = new List<AlarmCleared>();
        var limit = (now - clearAfter).Ticks;
        while (_queue.TryPeek(out var head) && (head.RaisedTicks <= limit || _cleared.Contains(head.Id)))
        {
            _queue.Dequeue();
            _perPoint[head.Point - firstPoint]--;
            if (!_cleared.Remove(head.Id)) due.Add(new AlarmCleared(head.Id, now));
        }
        return due;
    }
}
