namespace MonitorSim.Sizing.Planning;

/// <summary>
/// The built-in validation: one step is left out of the fits, the models fitted on the others predict it, and the
/// prediction is set against what the step measured.
/// </summary>
/// <param name="Step">The held-out step's number.</param>
/// <param name="LoadFactor">Its load factor (the USL's N).</param>
/// <param name="MeasuredThroughput">Completed operations per second it measured.</param>
/// <param name="PredictedThroughput">X(N) of the USL fitted on every other step.</param>
/// <param name="Operation">The operation whose p99 is checked (the SLO's, or the busiest).</param>
/// <param name="MeasuredP99Ms">Its measured p99.</param>
/// <param name="PredictedP99Ms">Its lowest p99 over the fitted steps up to the knee plus Erlang C's p99 wait at the held-out
/// step's utilisation; null when that utilisation is 1 or more (no steady state: the model predicts an unbounded queue).</param>
/// <param name="Utilisation">ρ = busy cores / machine cores the M/M/c model sees at the held-out step's throughput, the busy
/// cores read off the other steps (<see cref="SizingAnalysis.BusyCoresAt"/>).</param>
public sealed record HeldOutCheck(
    int Step,
    double LoadFactor,
    double MeasuredThroughput,
    double PredictedThroughput,
    string Operation,
    double MeasuredP99Ms,
    double? PredictedP99Ms,
    double Utilisation)
{
    /// <summary>|predicted − measured| / measured throughput.</summary>
    public double ThroughputError => RelativeError(PredictedThroughput, MeasuredThroughput);

    /// <summary>|predicted − measured| / measured p99; null without a prediction.</summary>
    public double? P99Error => PredictedP99Ms is { } p ? RelativeError(p, MeasuredP99Ms) : null;

    /// <summary>|predicted − measured| / measured; infinite when the measurement is 0 and the prediction is not.</summary>
    public static double RelativeError(double predicted, double measured) =>
        measured != 0 ? Math.Abs(predicted - measured) / Math.Abs(measured)
        : predicted == 0 ? 0 : double.PositiveInfinity;

    /// <summary>
    /// Which step is held out: the second-to-last. The last step is usually past the knee and anchors the fit's bend;
    /// the one before it sits at the knee, where a capacity model is most wrong and matters most. A middle step would
    /// sit on the straight part, where any fit interpolates well and the check would prove nothing.
    /// </summary>
    public static int HeldOutIndex(int steps)
    {
        if (steps < LoadSteps.MinSteps) throw new ArgumentOutOfRangeException(nameof(steps), steps, $"needs at least {LoadSteps.MinSteps} steps");
        return steps - 2;
    }
}
