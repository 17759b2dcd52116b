namespace MonitorSim.Domain.Supervision;

/// <summary>The supervision model's calendar: actions at simulated instants, run in time order; actions at the same
/// instant run in the order they were put on it, so that the same seed gives the same year.</summary>
internal sealed class Agenda
{
    private readonly PriorityQueue<Action, (DateTime At, long Order)> _actions = new();
    private long _order;

    /// <summary>Puts <paramref name="action"/> on the calendar at <paramref name="when"/>.</summary>
    public void At(DateTime when, Action action) => _actions.Enqueue(action, (when, _order++));

    /// <summary>Runs every action due before <paramref name="end"/>, those that running actions put on the calendar
    /// before it included.</summary>
    public void RunBefore(DateTime end)
    {
        while (_actions.TryPeek(out _, out var when) && when.At < end) _actions.Dequeue()();
    }
}
