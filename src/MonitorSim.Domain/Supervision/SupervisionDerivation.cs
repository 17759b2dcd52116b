using System.Globalization;

namespace MonitorSim.Domain.Supervision;

/// <summary>One line of the derivation table: a seed figure, the parameter set from it (with the scenario's value), and
/// the arithmetic that took one to the other.</summary>
public sealed record DerivationRow(string Figure, string Parameter, string Derivation);

/// <summary>
/// Which of the seed's figures the supervision year's parameters were derived from, and how (docs/domain.md#calibration).
/// The model reproduces these figures because it was built to: they check the arithmetic, not the model. Values are read
/// from the spec, so the table says what this run used, not what the scenario file shipped with.
/// </summary>
public static class SupervisionDerivation
{
    public static IReadOnlyList<DerivationRow> Of(SupervisionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var rows = new List<DerivationRow>();
        if (spec.SupervisionBatches.Count > 0)
            rows.Add(new("301 clues under listed supervision, in 5 batches",
                $"supervision_batches = {string.Join(" + ", spec.SupervisionBatches.Select(b => N(b.Size)))} on days {string.Join(", ", spec.SupervisionBatches.Select(b => N(b.Day)))}",
                "set, not drawn: listing is the commission's decision, so the batches are the seed's, spread over the year"));
        if (spec.Channels.FirstOrDefault(c => c.Channel == ClueChannel.DataAnalysis)?.Process is BatchIntake data)
            rows.Add(new("480 clues from agricultural-subsidy data analysis",
                $"intake.data_analysis: a batch every {N(data.Every.TotalDays)} d, mean {N(data.MeanPerBatch)}",
                "a quarterly data pull: 480 / 4 batches = 120 a batch"));
        if (spec.Visits is { } v)
            rows.Add(new("11 working groups, 140 units visited, 67 problems",
                $"visits: {N(v.Groups)} groups, {N(v.Units)} units, {N(v.ProblemsPerUnit)} problems a visit",
                "67 / 140 problems a unit visited, each problem a clue"));
        rows.Add(new("403 held responsible",
            $"substantiated_share = {N(spec.SubstantiatedShare)}",
            $"403 / (screened clues a year × persons a clue 1 + {N(spec.ExtraPersonsMean)} × not exempted 1 − {N(spec.ExemptShare)}); " +
            "the intake of the channels the seed does not count is an assumption sized so that this share stays plausible"));
        var s = spec.Sanctions;
        rows.Add(new("283 of the 403 disciplined",
            $"sanctions: discipline {N(s.Discipline)} of {N(s.Total)}",
            "the weights are the seed's 283 and 120 others; how the 120 split among the other forms is an assumption"));
        rows.Add(new("322 accountability handlings",
            $"accountability_cited_share = {N(spec.AccountabilityCitedShare)}",
            $"the {N(s.Accountability)} accountability forms always cite a situation, the other {N(s.Total - s.Accountability)} with share q: " +
            $"{N(s.Accountability)} + {N(s.Total - s.Accountability)} q = 322"));
        return rows;
    }

    private static string N(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
