using MonitorSim.Domain.Supervision;

namespace MonitorSim.Reports.Tests;

/// <summary>The supervision year's accountability handlings, by category of the zero-obstacle rules, in summary.json and in
/// the report.</summary>
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
}
