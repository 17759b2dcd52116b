using MathNet.Numerics.Distributions;

namespace MonitorSim.Domain.Supervision;

/// <summary>One seed figure (<paramref name="Source"/>) against replications of the model: their mean and the 95 %
/// confidence interval of the mean.</summary>
public sealed record CalibrationRow(SeedFigure Source, double Mean, double Low, double High)
{
    public string Figure => Source.Name;
    public double Seed => Source.Seed;
    public string Note => Source.Note;
    public bool Inside => Seed >= Low - 1e-9 && Seed <= High + 1e-9;
}

/// <summary>
/// Calibrates the supervision model against the seed (docs/domain.md#the-seeds-figures): the year replicated with seeds 1…n, and for each seed
/// figure the 95 % confidence interval of the replications' mean (Student's t with n − 1 degrees of freedom). A figure
/// the commission sets rather than draws (301 clues in five batches) has no spread: its interval is the value itself.
/// </summary>
public static class SupervisionCalibration
{
    public static IReadOnlyList<CalibrationRow> Replicate(SupervisionSpec spec, Organisation organisation, int replications = 10)
    {
        if (replications < 2) throw new ArgumentOutOfRangeException(nameof(replications), "an interval needs at least two replications");
        var runs = Enumerable.Range(1, replications)
            .Select(seed => SupervisionTally.Of(spec, new SupervisionYear(spec, organisation, seed, $"r{seed}").Run()))
            .ToList();
        return SeedFigures.Year.Select(f =>
        {
            var (mean, low, high) = Interval(runs.Select(f.Of).ToList());
            return new CalibrationRow(f, mean, low, high);
        }).ToList();
    }

    /// <summary>The mean of <paramref name="values"/> and its 95 % confidence interval.</summary>
    public static (double Mean, double Low, double High) Interval(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        var half = StudentT.InvCDF(0, 1, values.Count - 1, 0.975) * sd / Math.Sqrt(values.Count);
        return (mean, mean - half, mean + half);
    }
}
