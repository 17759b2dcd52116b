namespace MonitorSim.Sizing.Prediction;

/// <summary>
/// y = a + b·x by least squares (MathNet's <c>Fit.Line</c>) with the slope's standard error from the residuals:
/// SE(b) = √(Σ residual² / (n − 2) / Sxx), Sxx = Σ (x − x̄)². What the queue's fitted service time and the busy-cores
/// curve both need.
/// </summary>
/// <param name="SlopeStdErr">One standard error of b; null with two points (no degree of freedom left).</param>
internal sealed record LineFit(double Intercept, double Slope, double? SlopeStdErr)
{
    /// <summary>The line through <paramref name="xs"/>, <paramref name="ys"/>; null with fewer than two points or x that do
    /// not differ.</summary>
    public static LineFit? Of(IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        if (xs.Count < 2 || xs.Count != ys.Count) return null;
        var mx = xs.Average();
        var sxx = xs.Sum(x => (x - mx) * (x - mx));
        if (!(sxx > 0)) return null;
        var (intercept, slope) = MathNet.Numerics.Fit.Line([.. xs], [.. ys]);
        if (xs.Count < 3) return new LineFit(intercept, slope, null);
        var residuals = xs.Zip(ys).Sum(p => Math.Pow(p.Second - intercept - slope * p.First, 2));
        return new LineFit(intercept, slope, Math.Sqrt(residuals / (xs.Count - 2) / sxx));
    }
}
