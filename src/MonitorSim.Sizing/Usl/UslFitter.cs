using System.Globalization;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace MonitorSim.Sizing.Usl;

/// <summary>
/// Fits the USL by bounded Levenberg–Marquardt (MathNet): α and β in [0, 1], γ in a box the data imply. The model with
/// β = 0 is fitted too, and β is kept only if it improves the fit significantly: a bounded fit never lands exactly on
/// its bound, so without this test data with no coherency penalty would still report a (huge, meaningless) peak.
/// </summary>
internal static class UslFitter
{
    private const int MinPoints = UslModel.MinPoints;
    private const int MinDistinctN = UslModel.MinDistinctN;

    private const double Significance = 0.05;

    // Differences in RSS below this share of the total sum of squares are rounding, not signal.
    private const double NumericalFloor = 1e-12;

    // Starting values inside the box: the sine projection MathNet uses for bounds is flat at a bound.
    private const double InteriorMargin = 1e-4;

    public static UslFit Fit(IReadOnlyList<UslPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        Validate(points);

        var n = Vector<double>.Build.DenseOfEnumerable(points.Select(p => p.N));
        var x = Vector<double>.Build.DenseOfEnumerable(points.Select(p => p.Throughput));
        var (gammaLow, gammaHigh) = GammaBox(points);

        var full = Best(Starts(points, gammaLow, gammaHigh).Select(s => Minimise(n, x, s, gammaLow, gammaHigh, withBeta: true)));
        var restricted = Best(Starts(points, gammaLow, gammaHigh).Select(s => Minimise(n, x, s, gammaLow, gammaHigh, withBeta: false)));

        var mean = x.Average();
        var tss = x.Sum(v => (v - mean) * (v - mean));
        var dof = points.Count - 3;
        var gain = restricted.Rss - full.Rss;
        var significant = gain > NumericalFloor * tss
                          && (full.Rss <= 0 || gain / (full.Rss / dof) > FisherSnedecor.InvCDF(1, dof, 1 - Significance));

        var chosen = significant ? full : restricted;
        var model = new UslModel(chosen.Alpha, significant ? chosen.Beta : 0, chosen.Gamma);
        return new UslFit(
            model,
            chosen.AlphaSe,
            significant ? chosen.BetaSe : null,
            chosen.GammaSe,
            tss > 0 ? 1 - chosen.Rss / tss : 1,
            chosen.Rss,
            points.Count,
            significant);
    }

    private static void Validate(IReadOnlyList<UslPoint> points)
    {
        if (points.Count < MinPoints)
            throw new ArgumentException(
                $"the USL has 3 parameters (α, β, γ) and needs at least {MinPoints} measurements, got {points.Count}", nameof(points));
        foreach (var p in points)
        {
            if (!double.IsFinite(p.N) || p.N <= 0)
                throw new ArgumentException($"N must be a finite number > 0, got {Show(p.N)}", nameof(points));
            if (!double.IsFinite(p.Throughput) || p.Throughput <= 0)
                throw new ArgumentException($"throughput must be a finite number > 0, got {Show(p.Throughput)} at N = {Show(p.N)}", nameof(points));
        }
        var distinct = points.Select(p => p.N).Distinct().Count();
        if (distinct < MinDistinctN)
            throw new ArgumentException(
                $"the USL needs measurements at {MinDistinctN} or more different N to tell α, β and γ apart, got {distinct}", nameof(points));
    }

    /// <summary>
    /// γ = X(N)·D(N)/N with D(N) = 1 + α(N−1) + βN(N−1); D is linear in α and in β, so over the box α, β ∈ [0, 1] it
    /// lies between the smallest and largest of its four corners, and every measurement brackets γ. The brackets
    /// intersect for exact data; they are widened twofold for noise (and joined if noise still keeps them apart).
    /// </summary>
    private static (double Low, double High) GammaBox(IReadOnlyList<UslPoint> points)
    {
        double low = 0, high = double.MaxValue, lowest = double.MaxValue, highest = 0;
        foreach (var (nv, x) in points)
        {
            double[] corners = [1, nv, 1 + nv * (nv - 1), nv * nv];
            var a = x * corners.Min() / nv;
            var b = x * corners.Max() / nv;
            low = Math.Max(low, a);
            high = Math.Min(high, b);
            lowest = Math.Min(lowest, a);
            highest = Math.Max(highest, b);
        }
        low /= 2;
        high *= 2;
        return low < high ? (low, high) : (lowest / 2, highest * 2);
    }

    /// <summary>Starting points (α, β, γ): one from the linearised USL, and a few fixed ones, since LM finds a local minimum.</summary>
    private static IEnumerable<(double Alpha, double Beta, double Gamma)> Starts(IReadOnlyList<UslPoint> points, double gammaLow, double gammaHigh)
    {
        // Relative capacity C(N) = X(N)/γ gives N/C(N) − 1 = α(N−1) + βN(N−1): linear in α and β once γ is guessed, and
        // the measurement at the smallest N guesses it best (D(N) is closest to 1 there).
        var first = points.MinBy(p => p.N);
        var gamma = Inside(first.Throughput / first.N, gammaLow, gammaHigh);
        double saa = 0, sab = 0, sbb = 0, say = 0, sby = 0;
        foreach (var (nv, x) in points)
        {
            double a = nv - 1, b = nv * (nv - 1), y = gamma * nv / x - 1;
            saa += a * a; sab += a * b; sbb += b * b; say += a * y; sby += b * y;
        }
        var det = saa * sbb - sab * sab;
        if (Math.Abs(det) > 1e-300)
            yield return (Inside((say * sbb - sby * sab) / det, 0, 1), Inside((saa * sby - sab * say) / det, 0, 1), gamma);
        yield return (0.1, 1e-3, gamma);
        yield return (0.01, 1e-5, gamma);
        yield return (0.5, 0.1, gamma);
    }

    private static double Inside(double value, double low, double high)
    {
        var margin = (high - low) * InteriorMargin;
        return Math.Clamp(double.IsFinite(value) ? value : low, low + margin, high - margin);
    }

    private sealed record Candidate(double Alpha, double Beta, double Gamma, double AlphaSe, double BetaSe, double GammaSe, double Rss);

    private static Candidate Best(IEnumerable<Candidate?> candidates) =>
        candidates.Where(c => c is not null).MinBy(c => c!.Rss)
        ?? throw new ArithmeticException("the USL fit did not converge from any starting point");

    /// <summary>One bounded LM run from <paramref name="start"/>; with <paramref name="withBeta"/> false, β is held at 0
    /// (parameters α, γ).</summary>
    private static Candidate? Minimise(Vector<double> n, Vector<double> x, (double Alpha, double Beta, double Gamma) start,
        double gammaLow, double gammaHigh, bool withBeta)
    {
        var objective = withBeta
            ? ObjectiveFunction.NonlinearModel(Full, FullJacobian, n, x)
            : ObjectiveFunction.NonlinearModel(NoCoherency, NoCoherencyJacobian, n, x);
        var guess = withBeta ? new[] { start.Alpha, start.Beta, start.Gamma } : new[] { start.Alpha, start.Gamma };
        var lower = withBeta ? new[] { 0.0, 0.0, gammaLow } : new[] { 0.0, gammaLow };
        var upper = withBeta ? new[] { 1.0, 1.0, gammaHigh } : new[] { 1.0, gammaHigh };

        NonlinearMinimizationResult result;
        try
        {
            result = new LevenbergMarquardtMinimizer(maximumIterations: 2000).FindMinimum(objective, guess, lower, upper);
        }
        catch (Exception e) when (e is ArithmeticException or ArgumentException)
        {
            return null; // a singular step from this start; another start decides
        }
        if (result.ReasonForExit == ExitCondition.InvalidValues) return null;

        var p = result.MinimizingPoint;
        var rss = result.ModelInfoAtMinimum.Value;
        if (!double.IsFinite(rss) || p.Any(v => !double.IsFinite(v))) return null;
        var se = result.StandardErrors;
        double Se(int i) => se is not null && double.IsFinite(se[i]) ? se[i] : double.NaN;
        return withBeta
            ? new Candidate(p[0], p[1], p[2], Se(0), Se(1), Se(2), rss)
            : new Candidate(p[0], 0, p[1], Se(0), double.NaN, Se(1), rss);
    }

    private static Vector<double> Full(Vector<double> p, Vector<double> n) =>
        n.Map(v => p[2] * v / (1 + p[0] * (v - 1) + p[1] * v * (v - 1)));

    private static Matrix<double> FullJacobian(Vector<double> p, Vector<double> n)
    {
        var j = Matrix<double>.Build.Dense(n.Count, 3);
        for (var i = 0; i < n.Count; i++)
        {
            var v = n[i];
            var d = 1 + p[0] * (v - 1) + p[1] * v * (v - 1);
            var x = p[2] * v / d;
            j[i, 0] = -x * (v - 1) / d;
            j[i, 1] = -x * v * (v - 1) / d;
            j[i, 2] = v / d;
        }
        return j;
    }

    private static Vector<double> NoCoherency(Vector<double> p, Vector<double> n) =>
        n.Map(v => p[1] * v / (1 + p[0] * (v - 1)));

    private static Matrix<double> NoCoherencyJacobian(Vector<double> p, Vector<double> n)
    {
        var j = Matrix<double>.Build.Dense(n.Count, 2);
        for (var i = 0; i < n.Count; i++)
        {
            var v = n[i];
            var d = 1 + p[0] * (v - 1);
            j[i, 0] = -p[1] * v * (v - 1) / (d * d);
            j[i, 1] = v / d;
        }
        return j;
    }

    private static string Show(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
