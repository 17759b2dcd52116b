namespace MonitorSim.Load.Engine;

/// <summary>The first <c>count</c> arrivals of another sequence (iterations_for_inject).</summary>
public sealed class LimitedArrivals(ArrivalSequence inner, long count) : ArrivalSequence
{
    private long _issued;

    /// <summary>When the last arrival was due (the next step starts there), or −1 before it.</summary>
    public long LastAt { get; private set; } = -1;

    public override long Next(out int member)
    {
        member = -1;
        if (_issued >= count) return End;
        var t = inner.Next(out member);
        if (t == End) return End;
        _issued++;
        LastAt = t;
        return t;
    }
}
