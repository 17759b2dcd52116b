namespace MonitorSim.Load.Engine;

/// <summary>The generator's place in one stream's arrival sequences: the next arrival's time, member and, for a routed
/// sequence (a replayed log), the stream it is offered on and its detail. Generator thread only.</summary>
internal sealed class ArrivalCursor(IReadOnlyList<ArrivalSequence> steps)
{
    private int _step;

    /// <summary>When the next arrival is intended (a Stopwatch timestamp).</summary>
    public long NextAt { get; private set; }

    /// <summary>The next arrival's member (an index into its population), or −1.</summary>
    public int Member { get; private set; }

    /// <summary>For a routed sequence, the stream the next arrival is offered on; else −1.</summary>
    public int Route { get; private set; } = -1;

    /// <summary>For a routed sequence, the next arrival's detail (alarm type, service-flow step); else −1.</summary>
    public int Detail { get; private set; } = -1;

    /// <summary>Moves to the next arrival; false when the stream has no more.</summary>
    public bool Advance(long runStart)
    {
        while (_step < steps.Count)
        {
            var t = steps[_step].Next(out var member);
            if (t != ArrivalSequence.End)
            {
                NextAt = runStart + t;
                Member = member;
                if (steps[_step] is IRoutedArrivals routed) (Route, Detail) = (routed.Route, routed.Detail);
                return true;
            }
            _step++;
        }
        return false;
    }
}
