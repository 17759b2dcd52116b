using MathNet.Numerics.Random;

namespace MonitorSim.Load.Engine;

/// <summary>
/// Every member of a population once per period, each on its own random phase (as cameras keep alive every 60 s, each on
/// its own clock). Members are sorted by phase once; after that each arrival is O(1).
/// </summary>
public sealed class PeriodicArrivals : ArrivalSequence, IMemberArrivals
{
    private readonly long _start, _end, _period;
    private long[] _phase;
    private int[] _member;
    private long _cycle;
    private int _i;

    public PeriodicArrivals(int members, long period, long start, long end, Random rng)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(period);
        _start = start;
        _end = end;
        _period = period;
        _phase = new long[members];
        _member = new int[members];
        for (var m = 0; m < members; m++)
        {
            _phase[m] = (long)(rng.NextDouble() * period);
            _member[m] = m;
        }
        Array.Sort(_phase, _member);
    }

    public void KeepOnly(Func<int, bool> keep)
    {
        var kept = Enumerable.Range(0, _member.Length).Where(i => keep(_member[i])).ToArray();
        _phase = kept.Select(i => _phase[i]).ToArray();
        _member = kept.Select(i => _member[i]).ToArray();
    }

    /// <summary>Operations per second this sequence offers.</summary>
    public static double Rate(int members, long period) => members * (double)System.Diagnostics.Stopwatch.Frequency / period;

    public override long Next(out int member)
    {
        member = -1;
        if (_phase.Length == 0) return End;
        var t = _start + _cycle * _period + _phase[_i];
        if (t >= _end) return End;
        member = _member[_i];
        if (++_i == _phase.Length) { _i = 0; _cycle++; }
        return t;
    }
}
