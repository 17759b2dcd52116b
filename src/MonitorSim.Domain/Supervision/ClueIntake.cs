using MathNet.Numerics.Distributions;

namespace MonitorSim.Domain.Supervision;

/// <summary>How clues arrive through one channel (docs/domain.md#clue-sources): each channel has its own process, set in the scenario.</summary>
public abstract record IntakeProcess;

/// <summary>Independent arrivals at a steady mean rate (petitions, the hotline).</summary>
public sealed record PoissonIntake(double PerYear) : IntakeProcess;

/// <summary>Clues handed over in batches at a fixed period, each batch's size Poisson around its mean (the 14 joint-meeting
/// departments' periodic transfers, data-analysis runs).</summary>
public sealed record BatchIntake(TimeSpan Every, double MeanPerBatch, TimeSpan FirstAfter) : IntakeProcess;

/// <summary>Arrivals whose rate follows the calendar: <paramref name="MonthlyWeights"/> (twelve, January first) share out
/// <paramref name="PerYear"/> (four-season inspections: bursts in their months; zero weight, none).</summary>
public sealed record SeasonalIntake(double PerYear, IReadOnlyList<double> MonthlyWeights) : IntakeProcess;

public sealed record ChannelIntake(ClueChannel Channel, IntakeProcess Process);

/// <summary>One clue arriving.</summary>
public readonly record struct ClueArrival(DateTime At, ClueChannel Channel);

/// <summary>Generates every channel's clue arrivals over a period, merged in time order; the same seed gives the same
/// arrivals.</summary>
public static class ClueIntake
{
    private const double DaysPerYear = 365.0;

    /// <summary>Why a channel's process cannot be used, or null.</summary>
    public static string? Problem(IntakeProcess process) => process switch
    {
        PoissonIntake p when !(p.PerYear >= 0 && double.IsFinite(p.PerYear)) => $"a rate of {p.PerYear} a year is not a rate",
        BatchIntake b when b.Every <= TimeSpan.Zero => "batches need a period longer than zero",
        BatchIntake b when !(b.MeanPerBatch >= 0 && double.IsFinite(b.MeanPerBatch)) => $"a mean batch of {b.MeanPerBatch} is not a size",
        BatchIntake b when b.FirstAfter < TimeSpan.Zero => "the first batch cannot come before the start",
        SeasonalIntake s when s.MonthlyWeights.Count != 12 => $"seasonal weights are one per month: {s.MonthlyWeights.Count} given, 12 needed",
        SeasonalIntake s when s.MonthlyWeights.Any(w => w < 0 || !double.IsFinite(w)) || s.MonthlyWeights.Sum() <= 0 =>
            "seasonal weights must be finite, not negative, and not all zero",
        SeasonalIntake s when !(s.PerYear >= 0 && double.IsFinite(s.PerYear)) => $"a rate of {s.PerYear} a year is not a rate",
        _ => null,
    };

    public static IReadOnlyList<ClueArrival> Arrivals(IReadOnlyList<ChannelIntake> channels, DateTime from, DateTime to, int seed)
    {
        var all = new List<ClueArrival>();
        for (var i = 0; i < channels.Count; i++)
        {
            var c = channels[i];
            if (Problem(c.Process) is { } problem) throw new ArgumentException($"{c.Channel}: {problem}", nameof(channels));
            // A generator per channel: adding a channel leaves the others' arrivals as they were.
            var rng = new Random(unchecked(seed * 1_000_003 + (int)c.Channel * 7_919 + 1));
            all.AddRange(Of(c, from, to, rng));
        }
        return all.OrderBy(a => a.At).ThenBy(a => a.Channel).ToList();
    }

    private static IEnumerable<ClueArrival> Of(ChannelIntake c, DateTime from, DateTime to, Random rng)
    {
        switch (c.Process)
        {
            case PoissonIntake p:
            {
                if (p.PerYear <= 0) yield break;
                var meanGapDays = DaysPerYear / p.PerYear;
                for (var t = from.AddDays(Exponential.Sample(rng, 1 / meanGapDays)); t < to; t = t.AddDays(Exponential.Sample(rng, 1 / meanGapDays)))
                    yield return new ClueArrival(t, c.Channel);
                break;
            }
            case BatchIntake b:
                for (var t = from + b.FirstAfter; t < to; t += b.Every)
                {
                    var size = b.MeanPerBatch > 0 ? Poisson.Sample(rng, b.MeanPerBatch) : 0;
                    for (var k = 0; k < size; k++) yield return new ClueArrival(t, c.Channel);
                }
                break;
            case SeasonalIntake s:
            {
                // A non-homogeneous Poisson process by thinning: candidates at the busiest month's rate, each kept with
                // its own month's share of it.
                var max = s.MonthlyWeights.Max();
                var total = s.MonthlyWeights.Sum();
                if (s.PerYear <= 0) yield break;
                var peakPerYear = s.PerYear * max / total * 12;
                var meanGapDays = DaysPerYear / peakPerYear;
                for (var t = from.AddDays(Exponential.Sample(rng, 1 / meanGapDays)); t < to; t = t.AddDays(Exponential.Sample(rng, 1 / meanGapDays)))
                    if (rng.NextDouble() < s.MonthlyWeights[t.Month - 1] / max)
                        yield return new ClueArrival(t, c.Channel);
                break;
            }
        }
    }
}
