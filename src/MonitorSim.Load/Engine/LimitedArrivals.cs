namespace MonitorSim.Load.Engine;

/// <summary>The first <c>count</c> arrivals of another sequence (iterations_for_inject).</summary>
public sealed class LimitedArrivals(ArrivalSequence inner, long count) : ArrivalSequence
{
    private long _issued;

    /// <summary>When the latest arrival issued so far was due, or −1 before the first. (The planner starts the next step at
    /// the expected end, iterations ÷ rate, because it lays out steps before any arrival is drawn.)</summary>
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
