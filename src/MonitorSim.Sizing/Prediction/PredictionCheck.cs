using System.Globalization;

namespace MonitorSim.Sizing.Prediction;

/// <summary>
/// A prediction beside the measurement that checks it: error = predicted / measured − 1 (+0.12: the prediction is 12 %
/// high), a hit when |error| ≤ the tolerance. A measurement that is missing, zero or not finite cannot check anything:
/// the error is NaN and the prediction is a miss, never a silent pass. Where the measurement is the median of several
/// windows at one load, <see cref="Windows"/> keeps each, and <see cref="RepeatErrors"/> checks the measurement against
/// itself: each window taken as a prediction of the median of the others, with the same tolerance. Where the
/// measurement's own repeats miss the tolerance, no model can be shown to hit it; where they agree and the prediction
/// misses, the model is wrong. The report gives both, side by side.
/// </summary>
/// <param name="Figure">What is predicted, with its unit ("capacity (load factor)", "alarm p99 at load factor 40 (ms)").</param>
/// <param name="Basis">What the prediction was made from, in words.</param>
/// <param name="Tolerance">The largest |error| that counts as a hit (0.2 = ±20 %).</param>
public sealed record PredictionCheck(string Figure, double Predicted, double Measured, double Tolerance, string Basis)
{
    public double Error => double.IsFinite(Predicted) && double.IsFinite(Measured) && Measured > 0 ? Predicted / Measured - 1 : double.NaN;

    /// <summary>Within the tolerance (<see cref="Within"/>).</summary>
    public bool Hit => Within(Error);

    /// <summary>Whether <paramref name="error"/> is within the tolerance, give or take binary rounding (130 / 100 − 1 is
    /// 0.30000000000000004); NaN never is.</summary>
    private bool Within(double error) => double.IsFinite(error) && Math.Abs(error) <= Tolerance + 1e-12;

    /// <summary>The windows whose median is <see cref="Measured"/>, in the order they ran; empty: one measurement.</summary>
    public IReadOnlyList<double> Windows { get; init; } = [];

    /// <summary>Each window's error as a prediction of the median of the other windows (window / median − 1); empty with
    /// fewer than two windows. NaN where the others' median is not a positive number.</summary>
    public IReadOnlyList<double> RepeatErrors => Windows.Count < 2 ? [] : Windows.Select((w, i) =>
    {
        var median = MedianOrNaN(Windows.Where((_, j) => j != i).ToList());
        return double.IsFinite(w) && median > 0 ? w / median - 1 : double.NaN;
    }).ToList();

    /// <summary>The middle value (the mean of the two middle ones for an even count); NaN when any is not a number, so that
    /// a window that measured nothing makes a check a miss rather than vanish from it.</summary>
    internal static double MedianOrNaN(IReadOnlyList<double> values)
    {
        if (values.Count == 0 || values.Any(v => !double.IsFinite(v))) return double.NaN;
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>How many <see cref="RepeatErrors"/> are within the tolerance.</summary>
    public int RepeatHits => RepeatErrors.Count(Within);

    /// <summary>"predicted 41.2, measured 38.0, error +8.4 % (target ±20 %): hit"; a prediction of no bound (the model's
    /// cores full at that load) says so rather than "Infinity". With several windows, how they checked each other.</summary>
    public string Describe()
    {
        var inv = CultureInfo.InvariantCulture;
        var error = double.IsFinite(Error) ? (Error * 100).ToString("+0.0;-0.0;0.0", inv) + " %" : "n/a";
        var predicted = double.IsPositiveInfinity(Predicted) ? "no bound (the model's cores are full at that load)" : Predicted.ToString("#,0.###", inv);
        return $"{Figure}: predicted {predicted}, measured {Measured.ToString("#,0.###", inv)}, error {error} " +
               $"(target ±{(Tolerance * 100).ToString("0", inv)} %): {(Hit ? "hit" : "MISSED")}" + (Repeatability is { } r ? "; " + r : "");
    }

    /// <summary>"its 3 windows, each as a prediction of the others' median: 1 of 3 within ±30 % (-45 % to +29 %)"; null
    /// with one window.</summary>
    public string? Repeatability
    {
        get
        {
            var all = RepeatErrors;
            if (all.Count == 0) return null;
            var inv = CultureInfo.InvariantCulture;
            var errors = all.Where(double.IsFinite).ToList();
            var range = errors.Count == 0 ? "" : $" ({(errors.Min() * 100).ToString("+0;-0;0", inv)} % to {(errors.Max() * 100).ToString("+0;-0;0", inv)} %)";
            return $"its {Windows.Count} windows, each as a prediction of the others' median: {all.Count(Within)} of {all.Count} within " +
                   $"±{(Tolerance * 100).ToString("0", inv)} %{range}";
        }
    }
}
