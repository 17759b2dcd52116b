namespace MonitorSim.Load.Engine;

/// <summary>Each member exactly once, evenly spaced over [start, end), in a random order (devices booting).</summary>
public sealed class PermutedArrivals : ArrivalSequence, IMemberArrivals
{
    private int[] _order;
    private int[] _slot; // each member's place in the full order, which fixes its time
    private readonly long _start, _gap;
    private int _i;

    public PermutedArrivals(int members, long start, long end, Random rng)
    {
        _order = Enumerable.Range(0, members).ToArray();
        rng.Shuffle(_order);
        _slot = Enumerable.Range(0, members).ToArray();
        _start = start;
        _gap = members > 0 ? (end - start) / members : 0;
    }

    public override long Next(out int member)
    {
        member = -1;
        if (_i >= _order.Length) return End;
        member = _order[_i];
        return _start + _gap * _slot[_i++];
    }

    public void KeepOnly(Func<int, bool> keep)
    {
        var kept = Enumerable.Range(0, _order.Length).Where(i => keep(_order[i])).ToArray();
        _order = kept.Select(i => _order[i]).ToArray();
        _slot = kept;
    }
}
