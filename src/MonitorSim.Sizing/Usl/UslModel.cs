namespace MonitorSim.Sizing.Usl;

/// <summary>The Universal Scalability Law, X(N) = γN / (1 + α(N−1) + βN(N−1)): contention α, coherency β, and γ the
/// throughput of one unit of concurrency without either.</summary>
/// <param name="Alpha">Contention (serialisation), 0 ≤ α ≤ 1.</param>
/// <param name="Beta">Coherency (crosstalk), 0 ≤ β ≤ 1; above 0 throughput peaks and then falls.</param>
/// <param name="Gamma">Throughput at N = 1 (ideal per-unit throughput), in the unit of the measurements.</param>
public sealed record UslModel(double Alpha, double Beta, double Gamma)
{
    /// <summary>Fewest measurements a fit takes: the three parameters plus one, so the residual variance (and with it the
    /// standard errors) has a degree of freedom.</summary>
    public const int MinPoints = 4;

    /// <summary>Fewest different N a fit takes: with fewer, α, β and γ cannot be told apart.</summary>
    public const int MinDistinctN = 3;

    /// <summary>X(N), in the unit of <see cref="Gamma"/>.</summary>
    public double Throughput(double n) => Gamma * n / (1 + Alpha * (n - 1) + Beta * n * (n - 1));

    /// <summary>N* = √((1−α)/β), where X(N) is largest; null when β = 0, since throughput then rises for ever towards γ/α.
    /// Below 1 (α close to 1) throughput falls from the first unit on.</summary>
    public double? Peak => Beta > 0 ? Math.Sqrt((1 - Alpha) / Beta) : null;

    /// <summary>X(N*), or X(1) when N* &lt; 1 (N counts units of concurrency, so the curve starts at 1); null when there is
    /// no peak.</summary>
    public double? PeakThroughput => Peak is { } n ? Throughput(Math.Max(n, 1)) : null;

    /// <summary>Fits α, β and γ to measurements by bounded nonlinear least squares (see <see cref="UslFitter"/>).</summary>
    public static UslFit Fit(IReadOnlyList<UslPoint> points) => UslFitter.Fit(points);
}
