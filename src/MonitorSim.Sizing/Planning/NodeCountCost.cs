namespace MonitorSim.Sizing.Planning;

/// <summary>What running the tree on <paramref name="Nodes"/> nodes costs: the utilisation law's line, busy cores =
/// overhead + X·D(n), fitted over this node count's usable steps (SLO held, at or below the knee, the machine not saturated).</summary>
/// <param name="Steps">The steps the line was fitted on.</param>
/// <param name="FromLoadFactor">Lowest load factor of those steps.</param>
/// <param name="ToLoadFactor">Highest load factor of those steps.</param>
/// <param name="DemandSeconds">D(n): tree CPU seconds one more completed operation costs, summed over every node's process
/// (the load generators' threads left out).</param>
/// <param name="OverheadCores">The line's intercept: cores the tree's n processes keep busy that do not grow with the load
/// over the fitted steps (cluster gossip, timers, sweeps, and work that batching spreads thinner as load rises). Below the
/// fitted loads the processes use less, so the plan errs on the safe side there.</param>
/// <param name="Efficiency">D at the fewest nodes measured over D(n): 1 when spreading the tree costs nothing more per
/// operation, 0.5 when every operation costs twice the CPU.</param>
public sealed record NodeCountCost(int Nodes, int Steps, double FromLoadFactor, double ToLoadFactor, double DemandSeconds, double OverheadCores,
    double Efficiency)
{
    /// <summary>The most operations a second any fitted step completed: how far the line reaches in load.</summary>
    public double MostCompletedPerSecond { get; init; }

    /// <summary>The line's fit covariance of (O, D) (<see cref="ServiceDemand.FitCovariance"/>): null on two steps.</summary>
    public (double VarOverhead, double VarDemand, double Covariance)? FitCovariance { get; init; }

    /// <summary>
    /// The standard error of X(n) = (A − O)/D, A = n·C·U the cores at the target utilisation, from the line's fit
    /// covariance by the delta method: Var X ≈ Var O / D² + (A − O)²·Var D / D⁴ + 2·(A − O)·Cov(O, D) / D³
    /// (∂X/∂O = −1/D, ∂X/∂D = −(A − O)/D²); null without a covariance.
    /// </summary>
    public double? CarriedStandardError(double usableCores)
    {
        if (FitCovariance is not { } c || !(DemandSeconds > 0)) return null;
        var free = usableCores - OverheadCores;
        var d = DemandSeconds;
        var variance = c.VarOverhead / (d * d) + free * free * c.VarDemand / Math.Pow(d, 4) + 2 * free * c.Covariance / Math.Pow(d, 3);
        return variance >= 0 ? Math.Sqrt(variance) : null;
    }
}

/// <summary>A node count whose cost could not be measured, and why (e.g. its SLO broke at the first step, or the local
/// nodes' fixed work alone filled the machine's cores).</summary>
public sealed record NodeCountLeftOut(int Nodes, string Reason);

/// <summary>Operations per second a cluster of <paramref name="Nodes"/> production nodes carries at the target
/// utilisation: (n·C·U − overhead) / D(n).</summary>
/// <param name="Measured">Its D(n) and overhead were measured (true), or come from the models (false).</param>
public sealed record NodeCapacity(int Nodes, double DemandSeconds, double OverheadCores, double OpsPerSecond, bool Measured);

/// <summary>The node axis's built-in validation: one node count left out of the USL fit, its D(n) predicted and measured.</summary>
public sealed record NodeHeldOut(int Nodes, double MeasuredDemandSeconds, double PredictedDemandSeconds)
{
    /// <summary>|predicted − measured| / measured D(n).</summary>
    public double Error => RelativeError(PredictedDemandSeconds, MeasuredDemandSeconds);

    /// <summary>|predicted − measured| / measured; infinite when the measurement is 0 and the prediction is not.</summary>
    public static double RelativeError(double predicted, double measured) =>
        measured != 0 ? Math.Abs(predicted - measured) / Math.Abs(measured)
        : predicted == 0 ? 0 : double.PositiveInfinity;
}
