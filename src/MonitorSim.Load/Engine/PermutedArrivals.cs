namespace MonitorSim.Load.Engine;

/// <summary>Each member exactly once, evenly spaced over [start, end), in a random order (devices booting).</summary>
public sealed class PermutedArrivals : ArrivalSequence
{
    private readonly int[] _order;
    private readonly long _start, _gap;
    private int _i;

    public PermutedArrivals(int members, long start, long end, Random rng)
    {
        _order = Enumerable.Range(0, members).ToArray();
        rng.Shuffle(_order);
        _start = start;
        _gap = members > 0 ? (end - start) / members : 0;
    }

    public override long Next(out int member)
    {
        member = -1;
        if (_i >= _order.Length) return End;
        member = _order[_i];
        return _start + _gap * _i++;
    }
}
