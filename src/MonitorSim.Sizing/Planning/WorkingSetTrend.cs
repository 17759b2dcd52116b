using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace MonitorSim.Sizing.Planning;

/// <summary>
/// Whether a series' trials leave something behind that the later ones carry: the working set after each trial (the
/// coordinator's) fitted by least squares as <c>w = a + b·L + c·k</c>, with <c>L</c> the trial's load factor and
/// <c>k</c> its place in the series (0, 1, …). Every trial starts from a compacted heap, so at a given load the working set
/// should not depend on how many trials came before; <c>c</c> well above zero means memory that outlives its trial, on a
/// larger heap every trial, and a search whose verdicts depend on its order. A two-node series grew so by 41.1 ± 0.5 MB a
/// trial (495 MB to 1.87 GB over 34 trials, 2026-12-06) while each trial's engine stayed reachable after it ended.
/// </summary>
/// <param name="GrowthMbPerTrial">The fitted <c>c</c>: MB the working set grew per trial at a given load.</param>
/// <param name="StandardErrorMb">Its standard error, <c>√(s²·[(XᵀX)⁻¹]ₚₚ)</c>: the last diagonal entry (the order's), with
/// <c>s² = RSS / (n − p)</c> and <c>p</c> the coefficients fitted (3, or 2 for a series at one load).</param>
/// <param name="FirstMb">The working set after the series' first trial.</param>
/// <param name="LastMb">The working set after its last trial.</param>
/// <param name="Trials">Trials fitted.</param>
public sealed record WorkingSetTrend(double GrowthMbPerTrial, double StandardErrorMb, double FirstMb, double LastMb, int Trials)
{
    /// <summary>Fewest trials fitted: with three coefficients, fewer leave too few degrees of freedom to judge <c>c</c>.</summary>
    public const int MinTrials = 6;

    /// <summary>Standard errors <c>c</c> must stand above zero to count as growth.</summary>
    public const double SignificantStandardErrors = 4;

    /// <summary>Share of the first trial's working set that the fitted growth over the series (<c>c·(n − 1)</c>) must
    /// reach to count: a few MB a trial over a long series is allocator noise, not a trial's measurement kept alive.</summary>
    public const double SignificantShareOfFirst = 0.25;

    /// <summary>The trend over <paramref name="steps"/> in the order they ran (by <see cref="StepMeasurement.Number"/>; a
    /// series that ran at one load only is fitted without <c>b</c>); null with fewer than <see cref="MinTrials"/> trials, or
    /// when load and order moved together so that <c>c</c> cannot be told from <c>b</c>.</summary>
    public static WorkingSetTrend? Fit(IReadOnlyList<StepMeasurement> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var ordered = steps.OrderBy(s => s.Number).ToList();
        if (ordered.Count < MinTrials) return null;
        var oneLoad = ordered.All(s => s.LoadFactor.Equals(ordered[0].LoadFactor));
        var x = Matrix<double>.Build.DenseOfRowArrays(ordered.Select((s, k) => oneLoad ? new[] { 1.0, k } : [1.0, s.LoadFactor, k]));
        var y = Vector<double>.Build.DenseOfEnumerable(ordered.Select(s => s.WorkingSetMb));
        if (x.Rank() < x.ColumnCount) return null;
        var inverse = x.TransposeThisAndMultiply(x).Inverse();
        var beta = inverse * x.TransposeThisAndMultiply(y);
        var residuals = y - x * beta;
        var dof = ordered.Count - x.ColumnCount;
        var variance = residuals.DotProduct(residuals) / dof;
        var last = x.ColumnCount - 1;
        return new WorkingSetTrend(beta[last], Math.Sqrt(variance * inverse[last, last]), ordered[0].WorkingSetMb, ordered[^1].WorkingSetMb, ordered.Count);
    }

    /// <summary>Whether the working set grew with the trials: <c>c</c> at least <see cref="SignificantStandardErrors"/>
    /// standard errors above zero, and its growth over the series at least <see cref="SignificantShareOfFirst"/> of the
    /// first trial's working set.</summary>
    public bool Grew => GrowthMbPerTrial > SignificantStandardErrors * StandardErrorMb
                        && GrowthMbPerTrial * (Trials - 1) >= SignificantShareOfFirst * FirstMb;

    /// <summary>The report's note for a series that grew (see <see cref="Grew"/>); null otherwise.</summary>
    public string? Note(string series) => Grew
        ? string.Format(CultureInfo.InvariantCulture,
            "{0}: the coordinator's working set grew {1:0.0} ± {2:0.0} MB a trial at a given load over {3} trials ({4:0} MB after the first, " +
            "{5:0} MB after the last), though every trial starts from a compacted heap: something outlives its trial, the later trials ran on " +
            "a larger heap than the earlier ones at the same load, and the search's verdicts may depend on its order",
            series, GrowthMbPerTrial, StandardErrorMb, Trials, FirstMb, LastMb)
        : null;
}
