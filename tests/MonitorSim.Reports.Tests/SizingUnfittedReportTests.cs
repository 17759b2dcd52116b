using System.Text.Json;
using MonitorSim.Reports.Sizing;

namespace MonitorSim.Reports.Tests;

/// <summary>A size run whose lowest trial already broke the SLO: nothing below the capacity was measured, so the report says
/// that no service demand was fitted and no production role sized, instead of fitting the broken trials.</summary>
public sealed class SizingUnfittedReportTests
{
    [Fact]
    public void The_report_says_nothing_was_fitted_and_sizes_no_role_when_the_lowest_trial_broke_the_slo()
    {
        var run = SizingReportTests.Sample(allBroke: true);

        var md = SizingMarkdown.Render(run);

        Assert.Contains("Not fitted: no trial held the SLO: the lowest load tried, load factor 1 (trial 1), already broke it (alarm.p99 \\< 250ms: 400)",
            ReportSections.Of(md, "Service demand"));
        Assert.Contains("- Production: no role sized: no trial held the SLO", ReportSections.Of(md, "Summary"));
        Assert.Contains("No role was sized", ReportSections.Of(md, "Erlang C at the plan"));
        Assert.Contains("No role sized: no trial held the SLO", ReportSections.Of(md, "Production plan"));
        Assert.StartsWith("**NOT CARRIED", md.Split('\n')[2]);
    }

    [Fact]
    public void The_json_plan_has_no_demand_no_roles_and_says_why()
    {
        using var doc = JsonDocument.Parse(SizingJson.Render(SizingReportTests.Sample(allBroke: true)));
        var root = doc.RootElement;

        Assert.Equal(0, root.GetProperty("service_demand").GetArrayLength());
        Assert.StartsWith("no trial held the SLO", root.GetProperty("service_demand_problem").GetString());
        Assert.Equal(0, root.GetProperty("plan").GetProperty("roles").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("erlang_c").ValueKind);
    }

    [Fact]
    public void A_run_that_held_the_slo_below_its_capacity_has_no_fit_problem()
    {
        using var doc = JsonDocument.Parse(SizingJson.Render(SizingReportTests.Sample()));

        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("service_demand_problem").ValueKind);
        Assert.Equal(3, doc.RootElement.GetProperty("service_demand").GetArrayLength());
    }
}
