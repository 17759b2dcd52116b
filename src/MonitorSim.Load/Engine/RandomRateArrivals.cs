namespace MonitorSim.Load.Engine;

/// <summary>
/// Arrivals whose rate is constant within each window of <c>interval</c> and drawn uniformly in [min, max] per window.
/// The cumulative rate Λ(t) is piecewise linear, so uniform arrivals (evenly spaced in Λ) and Poisson arrivals (unit
/// exponential steps of Λ) work exactly as in <see cref="InjectArrivals"/>. Rates are per second here.
/// </summary>
public sealed class RandomRateArrivals : ArrivalSequence
{
    private readonly long _start, _end, _window;
    private readonly double _min, _max;
    private readonly bool _poisson;
    private readonly Random _rng;
    private long _windowStart;
    private double _rate, _lambdaAtWindow, _nextLambda;
    private long _k;

    public RandomRateArrivals(double minPerSecond, double maxPerSecond, long window, long start, long end, bool poisson, Random rng)
    {
        _start = start;
        _end = end;
        _window = Math.Max(1, window);
        _min = minPerSecond;
        _max = maxPerSecond;
        _poisson = poisson;
        _rng = rng;
        _windowStart = start;
        _rate = Draw();
        if (poisson) _nextLambda = MathNet.Numerics.Distributions.Exponential.Sample(rng, 1.0);
    }

    private double Draw() => _min + (_max - _min) * _rng.NextDouble();

    public override long Next(out int member)
    {
        member = -1;
        var target = _poisson ? _nextLambda : _k;
        while (true)
        {
            var windowEnd = Math.Min(_windowStart + _window, _end);
            var seconds = (windowEnd - _windowStart) / (double)System.Diagnostics.Stopwatch.Frequency;
            var lambdaAtEnd = _lambdaAtWindow + _rate * seconds;
            if (target < lambdaAtEnd * (1 - 1e-12) && _rate > 0)
            {
                var t = _windowStart + (long)((target - _lambdaAtWindow) / _rate * System.Diagnostics.Stopwatch.Frequency);
                _k++;
                if (_poisson) _nextLambda += MathNet.Numerics.Distributions.Exponential.Sample(_rng, 1.0);
                return t;
            }
            if (windowEnd >= _end) return End;
            _lambdaAtWindow = lambdaAtEnd;
            _windowStart = windowEnd;
            _rate = Draw();
        }
    }
}
