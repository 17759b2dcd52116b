using MonitorSim.Domain.Supervision;

namespace MonitorSim.Reports.Tests;

/// <summary>The supervision year in summary.json and the report: the derivation table, the calibration check and the
/// held-out figure against their prediction intervals, and the accountability handlings by category of the rules.</summary>
public sealed class SupervisionReportTests
{
    private static readonly AccountabilityCatalogue Rules = AccountabilityCatalogue.Standard;

    [Fact]
    public void Summary_json_lists_the_year_s_accountability_handlings_by_category_in_the_rules_order()
    {
        var supervision = SummaryJson.Build(SampleRuns.WithSupervisionYear())["supervision"]!;

        foreach (var figures in new[] { "figures", "model_figures" })
        {
            var rows = supervision[figures]!["accountability_by_category"]!.AsArray();
            Assert.Equal(Rules.Categories, rows.Select(r => r!["category"]!.GetValue<string>()));
            Assert.Equal([120, 150, 0, 52], rows.Select(r => r!["persons"]!.GetValue<int>()));
            Assert.Equal(322, supervision[figures]!["accountability_handled"]!.GetValue<int>());
        }
    }

    [Fact]
    public void The_report_has_a_row_per_category_with_its_situations_and_persons_even_when_none()
    {
        var md = MarkdownReport.Render(SampleRuns.WithSupervisionYear());

        Assert.Contains("| Accountability handled, by category of the rules | Situations | Persons |", md, StringComparison.Ordinal);
        var counts = new[] { 120, 150, 0, 52 };
        for (var k = 0; k < Rules.Categories.Count; k++)
        {
            var ids = Rules.Situations.Where(s => s.Category == Rules.Categories[k]).Select(s => s.Id).ToList();
            Assert.Contains($"| {Rules.Categories[k]} | {ids[0]}–{ids[^1]} | {counts[k]} |", md, StringComparison.Ordinal);
        }
        Assert.Contains("the seed gives these counts, not the situations' wording", md, StringComparison.Ordinal);
        Assert.Contains(Rules.Categories[0], HtmlReport.Render(SampleRuns.WithSupervisionYear()), StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_says_which_figures_were_derived_checks_them_and_predicts_the_held_out_one()
    {
        var md = MarkdownReport.Render(SampleRuns.WithSupervisionYear());

        Assert.Contains("| Seed figure | Parameter | Derivation |", md, StringComparison.Ordinal);
        Assert.Contains("| 322 accountability handlings | `accountability_cited_share = 0.7857` | the 25 accountability forms always cite a situation, the other 378 with share q: 25 + 378 q = 322 |", md, StringComparison.Ordinal);
        Assert.Contains("| 403 held responsible | `substantiated_share = 0.164` |", md, StringComparison.Ordinal);
        // The calibration check: labelled so, against a prediction interval from the 30 replications, said to prove nothing.
        Assert.Contains("|  | Calibration check | Seed | This year | Replications mean | 95 % prediction interval |", md, StringComparison.Ordinal);
        Assert.Contains("| ✅ | accountability handling (persons) | 322 | 322 | 330.1 | 310.2 – 350 |", md, StringComparison.Ordinal);
        Assert.Contains("interval for one year from 30 seeded replications", md, StringComparison.Ordinal);
        Assert.Contains("not that the model predicts anything", md, StringComparison.Ordinal);
        Assert.DoesNotContain("confidence interval", md, StringComparison.Ordinal);
        // The held-out figure: the seed's 5.8 a year is outside the model's 36.3 – 48.5, and the report says so.
        Assert.Contains("|  | Held-out figure | Seed | This year | Replications mean | 95 % prediction interval |", md, StringComparison.Ordinal);
        Assert.Contains("| ❌ | units warned yellow/orange/red a year, mean of five years (29 over the five years of the 12th five-year plan) | 5.8 | 40 | 42.4 | 36.3 – 48.5 |", md, StringComparison.Ordinal);
        Assert.Contains("0 of 1 inside", md, StringComparison.Ordinal);
        var html = HtmlReport.Render(SampleRuns.WithSupervisionYear());
        Assert.Contains("Held-out figure", html, StringComparison.Ordinal);
        Assert.Contains("Calibration check", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_json_has_the_derivation_and_each_figure_s_role_and_prediction_interval()
    {
        var supervision = SummaryJson.Build(SampleRuns.WithSupervisionYear())["supervision"]!;

        var derivation = supervision["derivation"]!.AsArray();
        Assert.Contains(derivation, d => d!["figure"]!.GetValue<string>() == "403 held responsible" && d["parameter"]!.GetValue<string>() == "substantiated_share = 0.164");
        var rows = supervision["seed_comparison"]!.AsArray();
        Assert.Equal(["calibration_check", "held_out"], rows.Select(r => r!["role"]!.GetValue<string>()));
        var held = rows[1]!;
        Assert.Equal((5.8, 5, 36.3, 48.5, false), (held["seed"]!.GetValue<double>(), held["years"]!.GetValue<int>(),
            held["pi95_low"]!.GetValue<double>(), held["pi95_high"]!.GetValue<double>(), held["inside"]!.GetValue<bool>()));
        Assert.Equal(30, supervision["replications"]!.GetValue<int>());
    }
}
