using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace MonitorSim.Sizing.Vertical;

/// <summary>
/// Capacity against cores as a line with a fixed cost: X(c) = a + b·c, fitted by ordinary least squares to one point per
/// CPU quota (c cores, X ops/s the search measured). It is the utilisation law at the capacity: an SLO allows the cores to be
/// busy up to a share U, busy cores = O + X·D, so X(c) = (U·c − O) / D, a line of slope b = U/D whose zero,
/// c₀ = −a/b = O/U, is the node's fixed cost: the cores it uses before it carries anything at the SLO.
/// <para>
/// Standard errors from the residuals, with s² = Σ(X − a − b·c)² / (n − 2) and Sxx = Σ(c − c̄)²:
/// SE(b) = s/√Sxx, SE(a) = s·√(1/n + c̄²/Sxx), Cov(a, b) = −c̄·s²/Sxx. At c*, the mean line's standard error is
/// s·√(1/n + (c* − c̄)²/Sxx) and a new measurement's s·√(1 + 1/n + (c* − c̄)²/Sxx); intervals are ± t(0.975, n − 2)
/// times it (Student's t: few points, s estimated). The fixed cost's standard error by the delta method:
/// Var(c₀) = (Var(a) + c₀²·Var(b) + 2·c₀·Cov(a, b)) / b².
/// </para>
/// With two points the line passes through both (n − 2 = 0): the coefficients stand, the standard errors and intervals
/// are not defined (NaN), and the report says so.
/// </summary>
/// <param name="Intercept">a, ops/s at 0 cores (negative when the node has a fixed cost).</param>
/// <param name="SlopePerCore">b, ops/s per core.</param>
/// <param name="ResidualStandardError">s, in ops/s; NaN with two points.</param>
/// <param name="MeanCores">c̄ of the fitted points.</param>
/// <param name="SumSquaresCores">Sxx of the fitted points.</param>
/// <param name="Points">n, the quotas fitted.</param>
/// <param name="RSquared">1 − RSS/TSS over the fitted points.</param>
public sealed record CoreCapacityLine(
    double Intercept,
    double SlopePerCore,
    double ResidualStandardError,
    double MeanCores,
    double SumSquaresCores,
    int Points,
    double RSquared)
{
    /// <summary>Two-sided coverage of every interval the line gives.</summary>
    public const double Coverage = 0.95;

    /// <summary>n − 2.</summary>
    public int DegreesOfFreedom => Points - 2;

    public double SlopeStandardError => ResidualStandardError / Math.Sqrt(SumSquaresCores);

    public double InterceptStandardError => ResidualStandardError * Math.Sqrt(1.0 / Points + MeanCores * MeanCores / SumSquaresCores);

    /// <summary>Cov(a, b) = −c̄·s²/Sxx.</summary>
    public double Covariance => -MeanCores * ResidualStandardError * ResidualStandardError / SumSquaresCores;

    /// <summary>t(0.975, n − 2); NaN with no degree of freedom.</summary>
    public double TQuantile => DegreesOfFreedom > 0 ? StudentT.InvCDF(0, 1, DegreesOfFreedom, 0.5 + Coverage / 2) : double.NaN;

    /// <summary>Fits the line to (cores, ops/s) points at two or more different core counts.</summary>
    public static CoreCapacityLine Fit(IReadOnlyList<(double Cores, double OpsPerSecond)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Select(p => p.Cores).Distinct().Count() < 2)
            throw new ArgumentException("a line over cores needs points at two different core counts at least", nameof(points));
        var cores = points.Select(p => p.Cores).ToArray();
        var ops = points.Select(p => p.OpsPerSecond).ToArray();
        var (a, b) = MathNet.Numerics.Fit.Line(cores, ops);
        var mean = cores.Average();
        var sxx = cores.Sum(c => (c - mean) * (c - mean));
        var rss = points.Sum(p => Math.Pow(p.OpsPerSecond - a - b * p.Cores, 2));
        var s = points.Count > 2 ? Math.Sqrt(rss / (points.Count - 2)) : double.NaN;
        var r2 = GoodnessOfFit.CoefficientOfDetermination(cores.Select(c => a + b * c), ops);
        return new CoreCapacityLine(a, b, s, mean, sxx, points.Count, r2);
    }

    /// <summary>X(c) = a + b·c.</summary>
    public double OpsPerSecondAt(double cores) => Intercept + SlopePerCore * cores;

    /// <summary>The standard error of a new measurement at <paramref name="cores"/> (the prediction's, not only the mean
    /// line's): s·√(1 + 1/n + (c − c̄)²/Sxx).</summary>
    public double PredictionStandardError(double cores) =>
        ResidualStandardError * Math.Sqrt(1 + 1.0 / Points + (cores - MeanCores) * (cores - MeanCores) / SumSquaresCores);

    /// <summary>The 95 % prediction interval of a measurement at <paramref name="cores"/>: X(c) ± t·SE; (NaN, NaN) with two points.</summary>
    public (double Low, double High) PredictionInterval(double cores)
    {
        var x = OpsPerSecondAt(cores);
        var half = TQuantile * PredictionStandardError(cores);
        return (x - half, x + half);
    }

    /// <summary>c₀ = −a/b, the cores at which the line carries nothing: the node's fixed cost; NaN when the slope is not
    /// positive (capacity does not grow with cores: no fixed cost can be read).</summary>
    public double FixedCostCores => SlopePerCore > 0 ? -Intercept / SlopePerCore : double.NaN;

    /// <summary>The delta method's standard error of <see cref="FixedCostCores"/>.</summary>
    public double FixedCostStandardError
    {
        get
        {
            var c0 = FixedCostCores;
            var variance = (InterceptStandardError * InterceptStandardError + c0 * c0 * SlopeStandardError * SlopeStandardError + 2 * c0 * Covariance) /
                           (SlopePerCore * SlopePerCore);
            return Math.Sqrt(Math.Max(0, variance));
        }
    }
}
