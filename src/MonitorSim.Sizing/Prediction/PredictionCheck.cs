using System.Globalization;

namespace MonitorSim.Sizing.Prediction;

/// <summary>
/// A prediction beside the measurement that checks it: error = predicted / measured − 1 (+0.12: the prediction is 12 %
/// high), a hit when |error| ≤ the tolerance. A measurement that is missing, zero or not finite cannot check anything:
/// the error is NaN and the prediction is a miss, never a silent pass.
/// </summary>
/// <param name="Figure">What is predicted, with its unit ("capacity (load factor)", "alarm p99 at load factor 40 (ms)").</param>
/// <param name="Basis">What the prediction was made from, in words.</param>
/// <param name="Tolerance">The largest |error| that counts as a hit (0.2 = ±20 %).</param>
public sealed record PredictionCheck(string Figure, double Predicted, double Measured, double Tolerance, string Basis)
{
    public double Error => double.IsFinite(Predicted) && double.IsFinite(Measured) && Measured > 0 ? Predicted / Measured - 1 : double.NaN;

    /// <summary>Within the tolerance, give or take binary rounding (130 / 100 − 1 is 0.30000000000000004).</summary>
    public bool Hit => double.IsFinite(Error) && Math.Abs(Error) <= Tolerance + 1e-12;

    /// <summary>"predicted 41.2, measured 38.0, error +8.4 % (target ±20 %): hit"; a prediction of no bound (the model's
    /// cores full at that load) says so rather than "Infinity".</summary>
    public string Describe()
    {
        var inv = CultureInfo.InvariantCulture;
        var error = double.IsFinite(Error) ? (Error * 100).ToString("+0.0;-0.0;0.0", inv) + " %" : "n/a";
        var predicted = double.IsPositiveInfinity(Predicted) ? "no bound (the model's cores are full at that load)" : Predicted.ToString("#,0.###", inv);
        return $"{Figure}: predicted {predicted}, measured {Measured.ToString("#,0.###", inv)}, error {error} " +
               $"(target ±{(Tolerance * 100).ToString("0", inv)} %): {(Hit ? "hit" : "MISSED")}";
    }
}
