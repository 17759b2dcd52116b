using System.Text.Json;
using MonitorSim.Load.Results;
using MonitorSim.Reports.Sizing;
using MonitorSim.Sizing.Planning;
using MonitorSim.Sizing.Search;
using MonitorSim.Sizing.Vertical;

namespace MonitorSim.Reports.Tests;

/// <summary>The vertical axis in sizing.md, sizing.html and sizing.json: the quotas measured, the line, the held-out quota,
/// and the production node said to be extrapolated, how far, and with its interval.</summary>
public sealed class SizingVerticalReportTests
{
    private static StepMeasurement Step(int number, double lf, double completed, bool held) =>
        new(number, lf, 20, completed, completed, 0, 0, new Dictionary<string, OperationFigures>(), 10, 2, 3, 1, 0, 50, 300, 0, 4,
            [new SloVerdict("alarm.p99 < 250ms", held ? 100 : 400, held)]);

    /// <summary>One quota's search: load factor L passed twice carrying <paramref name="ops"/> ops/s (±1 %), 1.1·L failed.</summary>
    private static QuotaSeries Quota(double cores, double ops)
    {
        var lf = ops / 10;
        var steps = new List<StepMeasurement> { Step(1, lf, ops * 0.99, true), Step(2, lf * 1.1, ops * 1.1, false), Step(3, lf, ops * 1.01, true) };
        var trail = new List<SearchTrial>
        {
            new(1, lf, SearchPhase.Bracket, true, [], lf, null),
            new(2, lf * 1.1, SearchPhase.Bracket, false, ["alarm.p99 < 250ms: 400"], lf, lf * 1.1),
            new(3, lf, SearchPhase.Repeat, true, [], lf, lf * 1.1),
        };
        return new QuotaSeries(cores, new NodeSeries(1, steps, "converged", new SearchResult(lf, lf * 1.1, true, "converged", trail)));
    }

    /// <summary>The sample with one node searched at 0.25, 0.5, 1 and 1.5 cores, carrying 100, 300, 650 and
    /// <paramref name="largestOps"/> ops/s.</summary>
    internal static SizingRun WithVertical(double largestOps = 1000, double growth = 3)
    {
        QuotaSeries[] quotas = [Quota(0.25, 100), Quota(0.5, 300), Quota(1, 650), Quota(1.5, largestOps)];
        var axis = CoreCapacityAxis.Analyse(quotas.Select(VerticalRun.Capacity).ToList(), 16);
        return SizingReportTests.Sample(growth) with { Vertical = new VerticalRun(quotas, axis, 0.5, true) };
    }

    [Fact]
    public void The_cores_section_gives_each_quota_the_line_with_standard_errors_the_fixed_cost_and_the_held_out_check()
    {
        var section = ReportSections.Of(SizingMarkdown.Render(WithVertical()), "Capacity against cores");

        Assert.Contains("| 1.5 | 100 | 110 | 1,000 | 2 | 3 | 0.4 | 0.4 (26.7 %) | 0.1 of 0.5 | 4 | yes |", section);
        // Every trial's tree used 0.4 cores (10 CPU-seconds less the generator's 2, over 20 s): a quarter and half core were
        // full, 1 and 1.5 cores were not, and the report says what that means.
        Assert.Contains("Not held by their quota: at 1, 1.5 cores the tree used less than 80 % of its quota in every trial", section);
        Assert.Contains("| b, slope (ops/s per core) | 715.3 | 11.74 |", section);
        Assert.Contains("| c₀ = −a/b, the node's fixed cost (cores) | 0.09597 | 0.01416 |", section);
        Assert.Contains("The node's fixed cost read off the line: 0.096 cores ± 0.014", section);
        Assert.Contains("Held out: capacity on 1 node of 1.5 cores (ops/s): predicted 1,017.857, measured 1,000, error +1.8 % (target ±15 %): hit", section);
        Assert.Contains("Its 95 % prediction interval was 669–1,366 ops/s; the measurement fell inside it.", section);
        Assert.Contains("1.5 cores, trail: 100 ✓, 110 ✗ (alarm.p99 \\< 250ms: 400), 100 ✓; converged", section);
    }

    [Fact]
    public void The_production_node_is_said_to_be_extrapolated_with_its_ratio_and_interval_never_measured()
    {
        var md = SizingMarkdown.Render(WithVertical());

        Assert.Contains("Production node, EXTRAPOLATED, not measured: 16 cores carry 11,375 ops/s by the line over every quota " +
                        "(95 % prediction interval 10,606–12,145 ops/s); 16 cores is 10.7× the largest measured quota (1.5 cores).", ReportSections.Of(md, "Capacity against cores"));
        Assert.Contains("- Cores: one node measured at 0.25, 0.5, 1, 1.5 cores; a production node of 16 cores is EXTRAPOLATED, not measured, to 11,375 ops/s " +
                        "(95 % prediction interval 10,606–12,145 ops/s): 16 cores is 10.7× the largest measured quota (1.5 cores).", ReportSections.Of(md, "Summary"));
        // The answer leads with what was measured; the extrapolation is not in it.
        Assert.DoesNotContain("11,375", md.Split("\n## ")[0]);
    }

    [Fact]
    public void A_held_out_quota_that_misses_leads_the_report()
    {
        var md = SizingMarkdown.Render(WithVertical(largestOps: 600));

        var lead = md.Split("\n## ")[0];
        Assert.Contains("**PREDICTION MISSED on the vertical axis: capacity on 1 node of 1.5 cores (ops/s): predicted 1,017.857, measured 600, error +69.6 %", lead);
        Assert.Contains("the measurement fell OUTSIDE it", ReportSections.Of(md, "Capacity against cores"));
    }

    [Fact]
    public void The_json_plan_has_the_quotas_the_line_the_held_out_quota_and_the_production_node_marked_not_measured()
    {
        using var doc = JsonDocument.Parse(SizingJson.Render(WithVertical()));
        var v = doc.RootElement.GetProperty("vertical");

        Assert.Equal([0.25, 0.5, 1, 1.5], v.GetProperty("quotas").EnumerateArray().Select(q => q.GetProperty("cores").GetDouble()));
        Assert.Equal(1000, v.GetProperty("quotas")[3].GetProperty("capacity_ops").GetDouble(), 9);
        Assert.Equal(3, v.GetProperty("quotas")[3].GetProperty("trials").GetArrayLength());
        var line = v.GetProperty("line");
        Assert.Equal(715.2542372881356, line.GetProperty("slope_ops_per_core").GetDouble(), 9);
        Assert.Equal(11.742717339450001, line.GetProperty("slope_se").GetDouble(), 9);
        Assert.Equal(0.09597156398104265, line.GetProperty("fixed_cost_cores").GetDouble(), 12);
        Assert.True(v.GetProperty("held_out").GetProperty("hit").GetBoolean());
        Assert.True(v.GetProperty("held_out").GetProperty("inside_interval").GetBoolean());
        var production = v.GetProperty("production");
        Assert.False(production.GetProperty("measured").GetBoolean());
        Assert.Equal(16 / 1.5, production.GetProperty("extrapolation_ratio").GetDouble(), 12);
        Assert.Equal(10606.16341514762, production.GetProperty("interval_low").GetDouble(), 6);
        Assert.Equal(12144.684042479503, production.GetProperty("interval_high").GetDouble(), 6);
    }

    [Fact]
    public void The_html_plan_draws_capacity_against_cores_with_the_extrapolation_apart()
    {
        var html = SizingHtml.Render(WithVertical());

        Assert.Contains("cores", ChartPage.Charts(html));
        using var data = ChartPage.Data(html);
        var cores = data.RootElement.GetProperty("cores");
        // The held-out quota is drawn apart from the others, beside its prediction.
        Assert.Equal([0.25, 0.5, 1], cores.GetProperty("measured").GetProperty("cores").EnumerateArray().Select(c => c.GetDouble()));
        Assert.Equal(1.5, cores.GetProperty("held_out").GetProperty("cores").GetDouble());
        // The solid line ends at the largest quota, where the dashed extrapolation starts, and that reaches the production node.
        var line = cores.GetProperty("line").GetProperty("cores").EnumerateArray().Select(c => c.GetDouble()).ToList();
        var extrapolation = cores.GetProperty("extrapolation").GetProperty("cores").EnumerateArray().Select(c => c.GetDouble()).ToList();
        Assert.Equal(0.25, line[0], 9);
        Assert.Equal(1.5, line[^1], 9);
        Assert.Equal(1.5, extrapolation[0], 9);
        Assert.Equal(16, extrapolation[^1], 6);
        Assert.Equal(16, cores.GetProperty("production").GetProperty("cores").GetDouble());
    }

    [Fact]
    public void Without_the_vertical_axis_the_section_says_how_to_measure_it_and_the_json_has_none()
    {
        var run = SizingReportTests.Sample();

        Assert.Contains("Not measured: size --vertical", ReportSections.Of(SizingMarkdown.Render(run), "Capacity against cores"));
        using var doc = JsonDocument.Parse(SizingJson.Render(run));
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("vertical").ValueKind);
        Assert.DoesNotContain("cores", ChartPage.Charts(SizingHtml.Render(run)));
    }
}
