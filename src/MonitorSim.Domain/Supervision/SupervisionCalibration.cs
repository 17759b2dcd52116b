using MathNet.Numerics.Distributions;

namespace MonitorSim.Domain.Supervision;

/// <summary>
/// One seed figure (<paramref name="Source"/>) against replications of the model: their mean and standard deviation, and
/// the 95 % prediction interval [<paramref name="Low"/>, <paramref name="High"/>] for the figure of one observed year (or
/// the mean of <see cref="SeedFigure.Years"/> observed years) — where a single real year would fall if the model were
/// right, not where the model's mean lies.
/// </summary>
public sealed record CalibrationRow(SeedFigure Source, double Mean, double Sd, double Low, double High)
{
    public string Figure => Source.Name;
    public double Seed => Source.Seed;
    public string Note => Source.Note;
    public bool HeldOut => Source.HeldOut;
    public bool Inside => Seed >= Low - 1e-9 && Seed <= High + 1e-9;
}

/// <summary>
/// Replicates the supervision year (seeds 1…n) and puts each seed figure (docs/domain.md#the-seeds-figures) in the 95 %
/// prediction interval the replications give. Two kinds of row:
/// <list type="bullet">
/// <item>the calibration check: figures the parameters were derived from (<see cref="SupervisionDerivation"/>). Their
/// means equal the seed by construction; inside says the derivation's arithmetic is right, not that the model predicts;</item>
/// <item>held-out figures (<see cref="SeedFigure.HeldOut"/>): no parameter was set from them, so inside is evidence.</item>
/// </list>
/// A figure the commission sets rather than draws (301 clues in five batches) has no spread: its interval is the value.
/// </summary>
public static class SupervisionCalibration
{
    /// <summary>Replications by default: enough that the t quantile (2.045 at 29 degrees of freedom) is within 5 % of the
    /// normal's 1.96, so the interval is set by the model's spread rather than by how few replications there were.</summary>
    public const int DefaultReplications = 30;

    public static IReadOnlyList<CalibrationRow> Replicate(SupervisionSpec spec, Organisation organisation, int replications = DefaultReplications)
    {
        if (replications < 2) throw new ArgumentOutOfRangeException(nameof(replications), "an interval needs at least two replications");
        var runs = Enumerable.Range(1, replications)
            .Select(seed => SupervisionTally.Of(spec, new SupervisionYear(spec, organisation, seed, $"r{seed}").Run()))
            .ToList();
        return SeedFigures.All.Select(f =>
        {
            var values = runs.Select(f.Of).ToList();
            var (mean, low, high) = PredictionInterval(values, f.Years);
            return new CalibrationRow(f, mean, StandardDeviation(values), low, high);
        }).ToList();
    }

    /// <summary>
    /// The mean of <paramref name="values"/> (n replications of one year) and the 95 % prediction interval for the mean of
    /// <paramref name="years"/> future years drawn from the same model:
    /// <c>x̄ ± t(0.975, n − 1) · s · √(1/years + 1/n)</c>, s the replications' sample standard deviation. With years = 1
    /// this is the interval for a single year; the confidence interval of the mean (<c>s/√n</c>) would be √(n + 1) times
    /// narrower and answer another question.
    /// </summary>
    public static (double Mean, double Low, double High) PredictionInterval(IReadOnlyList<double> values, int years = 1)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count < 2) throw new ArgumentException("a prediction interval needs at least two replications", nameof(values));
        if (years < 1) throw new ArgumentOutOfRangeException(nameof(years), "at least one year is predicted");
        var mean = values.Average();
        var half = StudentT.InvCDF(0, 1, values.Count - 1, 0.975) * StandardDeviation(values) * Math.Sqrt(1.0 / years + 1.0 / values.Count);
        return (mean, mean - half, mean + half);
    }

    /// <summary>Sample standard deviation (n − 1 in the denominator).</summary>
    public static double StandardDeviation(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }
}
