using MathNet.Numerics.Distributions;

namespace MonitorSim.Load.Engine;

/// <summary>
/// Arrivals at a rate that moves linearly from <c>rateFrom</c> to <c>rateTo</c> over [start, end) — a constant
/// <c>inject</c> when both are equal, <c>ramping_inject</c> otherwise. Uniform arrivals are evenly spaced in the
/// cumulative rate Λ(t), so the count is exact (1,000/s for 60 s offers 60,000); Poisson arrivals use unit-exponential
/// steps of Λ (a non-homogeneous Poisson process with the same mean). Fractional rates such as 0.2/s work.
/// </summary>
public sealed class InjectArrivals : ArrivalSequence
{
    private readonly long _start, _end;
    private readonly double _r0, _slope, _durationS;
    private readonly bool _poisson;
    private readonly Random _rng;
    private readonly int _members;
    private double _lambda; // cumulative expected arrivals at the next arrival
    private long _k;

    /// <param name="members">Population to pick a member from uniformly at random (0 = no member).</param>
    public InjectArrivals(double rateFrom, double rateTo, long start, long end, bool poisson, Random rng, int members)
    {
        _start = start;
        _end = end;
        _durationS = (end - start) / (double)System.Diagnostics.Stopwatch.Frequency;
        _r0 = rateFrom;
        _slope = _durationS > 0 ? (rateTo - rateFrom) / _durationS : 0;
        _poisson = poisson;
        _rng = rng;
        _members = members;
        if (poisson) _lambda = Exponential.Sample(rng, 1.0);
    }

    public override long Next(out int member)
    {
        member = -1;
        var lambda = _poisson ? _lambda : _k;
        var seconds = InverseCumulative(lambda);
        // Relative tolerance: 66 arrivals at 1.1/s end at 59.99999999999999 s, which is the 60 s boundary, not before it.
        if (double.IsNaN(seconds) || seconds >= _durationS * (1 - 1e-12)) return End;
        var t = _start + (long)(seconds * System.Diagnostics.Stopwatch.Frequency);
        if (t >= _end) return End;
        _k++;
        if (_poisson) _lambda += Exponential.Sample(_rng, 1.0);
        if (_members > 0) member = _rng.Next(_members);
        return t;
    }

    /// <summary>Solves Λ(t) = r0·t + slope·t²/2 = λ for t ≥ 0; NaN when the rate never accumulates λ.</summary>
    private double InverseCumulative(double lambda)
    {
        if (Math.Abs(_slope) < 1e-12) return _r0 > 0 ? lambda / _r0 : double.NaN;
        var a = _slope / 2;
        var disc = _r0 * _r0 + 4 * a * lambda;
        if (disc < 0) return double.NaN;
        return (-_r0 + Math.Sqrt(disc)) / (2 * a);
    }
}
