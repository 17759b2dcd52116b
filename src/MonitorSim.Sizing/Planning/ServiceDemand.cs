namespace MonitorSim.Sizing.Planning;

/// <summary>
/// A role's CPU as the utilisation law sees it across load steps: busy cores = <see cref="OverheadCores"/> +
/// X·<see cref="DemandSeconds"/>, i.e. U·c = X·D plus what the role burns at no load (cluster heartbeats, timers, sweeps).
/// Fitted by least squares over steps, so the per-operation demand is the marginal cost of one more operation rather than
/// busy time over completions at a single step, which at light load is mostly the fixed overhead.
/// </summary>
/// <param name="Role">What the CPU belongs to (<c>tree</c>, <c>load generator</c>, <c>process</c>).</param>
/// <param name="DemandSeconds">D: CPU seconds one more completed operation costs.</param>
/// <param name="OverheadCores">Cores busy at zero throughput (≥ 0).</param>
/// <param name="Steps">How many steps the line was fitted on.</param>
public sealed record ServiceDemand(string Role, double DemandSeconds, double OverheadCores, int Steps)
{
    /// <summary>The least-squares fit's covariance of (O, D) — Var O, Var D, Cov(O, D) from the residuals with n − 2
    /// degrees of freedom — where the line was fitted on three or more steps; null otherwise (two points leave no residual,
    /// and the line through the origin has no intercept to vary).</summary>
    public (double VarOverhead, double VarDemand, double Covariance)? FitCovariance { get; init; }

    /// <summary>Cores busy at throughput <paramref name="opsPerSecond"/>.</summary>
    public double BusyCores(double opsPerSecond) => OverheadCores + DemandSeconds * opsPerSecond;

    /// <summary>
    /// Fits busy cores against throughput over <paramref name="points"/> (throughput per second, CPU seconds per wall second).
    /// With one point, or when noise makes the line's slope or intercept negative, falls back to the line through the
    /// origin (D = ΣU / ΣX, the plain utilisation law), which never under-counts CPU.
    /// </summary>
    public static ServiceDemand Fit(string role, IReadOnlyList<(double Throughput, double BusyCores)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var usable = points.Where(p => double.IsFinite(p.Throughput) && p.Throughput > 0 && double.IsFinite(p.BusyCores) && p.BusyCores >= 0).ToList();
        if (usable.Count == 0) throw new ArgumentException("needs at least one step with completed operations", nameof(points));
        if (usable.Count >= 2)
        {
            var mx = usable.Average(p => p.Throughput);
            var my = usable.Average(p => p.BusyCores);
            var sxx = usable.Sum(p => (p.Throughput - mx) * (p.Throughput - mx));
            var sxy = usable.Sum(p => (p.Throughput - mx) * (p.BusyCores - my));
            if (sxx > 0)
            {
                var slope = sxy / sxx;
                var intercept = my - slope * mx;
                if (slope > 0 && intercept >= 0)
                {
                    var n = usable.Count;
                    // s² = Σ residual² / (n − 2); Var D = s²/Sxx, Var O = s²(1/n + x̄²/Sxx), Cov(O, D) = −x̄·s²/Sxx.
                    var s2 = n > 2 ? usable.Sum(p => Math.Pow(p.BusyCores - intercept - slope * p.Throughput, 2)) / (n - 2) : double.NaN;
                    return new ServiceDemand(role, slope, intercept, n)
                    {
                        FitCovariance = n > 2 ? (s2 * (1.0 / n + mx * mx / sxx), s2 / sxx, -mx * s2 / sxx) : null,
                    };
                }
            }
        }
        var demand = usable.Sum(p => p.BusyCores) / usable.Sum(p => p.Throughput);
        return new ServiceDemand(role, demand, 0, usable.Count);
    }
}
