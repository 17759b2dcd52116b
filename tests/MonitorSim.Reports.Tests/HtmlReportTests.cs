using System.Text.Json;
using System.Text.RegularExpressions;
using MonitorSim.Reports.Charts;

namespace MonitorSim.Reports.Tests;

/// <summary>report.html opens offline, carries its charts and their data, and cannot be scripted through run data.</summary>
public sealed partial class HtmlReportTests(WrittenSample sample) : IClassFixture<WrittenSample>
{
    [GeneratedRegex("""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    [GeneratedRegex("""<script[^>]*\ssrc\s*=""", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptWithSource();

    [Fact]
    public void Report_html_references_nothing_outside_itself()
    {
        var html = sample.Read("report.html");
        Assert.DoesNotMatch(ExternalReference(), html);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(ScriptWithSource(), html);
    }

    [Fact]
    public void Report_html_has_a_place_for_each_chart_and_the_data_they_are_drawn_from()
    {
        var html = sample.Read("report.html");
        Assert.Equal(["throughput", "latency", "distribution", "generator", "tree"], ChartPage.Charts(html));
        using var data = ChartPage.Data(html);
        Assert.Equal("monitorsim.run-charts/1", data.RootElement.GetProperty("schema").GetString());
        Assert.Equal([10.0, 20.0, 30.0], data.RootElement.GetProperty("t").EnumerateArray().Select(t => t.GetDouble()));
        Assert.Contains("MonitorSimCharts.drawRun(document", html, StringComparison.Ordinal);
        // What the charts draw is the run's own chart data, whole: the sample's 6, 25 and 28 completed in 10 s rows are
        // drawn as 0.6, 2.5 and 2.8/s, and every operation's series is there.
        using var expected = JsonDocument.Parse(RunChartData.Json(SampleRuns.Create()));
        Assert.Equal(expected.RootElement.GetRawText(), data.RootElement.GetRawText());
        Assert.Equal([0.6, 2.5, 2.8], data.RootElement.GetProperty("totals").GetProperty("completed_per_s").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(SampleRuns.Create().Latency.Keys.Where(k => !k.Contains('.', StringComparison.Ordinal)).Order(),
            data.RootElement.GetProperty("groups").GetProperty("operations").EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public void Report_html_embeds_uplot_with_its_licence()
    {
        var html = sample.Read("report.html");
        Assert.Contains(ChartAssets.UPlotScript, html, StringComparison.Ordinal);
        Assert.Contains("Permission is hereby granted, free of charge", html, StringComparison.Ordinal);
        Assert.Contains($"Charts drawn with uPlot {ChartAssets.UPlotVersion} (MIT licence)", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_html_shows_the_verdict_tables_and_how_to_read_note()
    {
        var html = sample.Read("report.html");
        Assert.Contains("✅ PASS", html, StringComparison.Ordinal);
        Assert.Contains("<code>alarm.point_to_platform</code>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">12.346</td>", html, StringComparison.Ordinal);
        Assert.Contains("How to read this", html, StringComparison.Ordinal);
        Assert.Contains("fp-1234", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scenario_name_containing_a_script_tag_is_escaped()
    {
        var html = HtmlReport.Render(SampleRuns.Create("<script>alert('x')</script>"));
        Assert.DoesNotContain("<script>alert", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_data_in_the_chart_data_cannot_close_its_script_element()
    {
        const string hostile = "</script><script>alert('x')</script>";
        var html = HtmlReport.Render(SampleRuns.Create() with
        {
            Events = [$"t=12s {hostile}", hostile],
            Thresholds = [new("alarm.p99 < 250ms", 30.3, true)],
        });
        Assert.DoesNotContain("<script>alert", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(4, Regex.Count(html, "<script", RegexOptions.IgnoreCase));
        using var data = ChartPage.Data(html);
        Assert.Equal(hostile, data.RootElement.GetProperty("events")[0].GetProperty("text").GetString());
    }

    [Fact]
    public void A_failed_threshold_makes_the_verdict_fail()
    {
        var html = HtmlReport.Render(SampleRuns.Failing());
        Assert.Contains("❌ FAIL", html, StringComparison.Ordinal);
        Assert.DoesNotContain("PASS", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_without_timeline_or_samples_still_has_every_chart_with_empty_series()
    {
        var run = SampleRuns.Create() with
        {
            Timeline = [],
            Latency = new Dictionary<string, MonitorSim.Load.Results.LatencyStats>(),
        };
        var html = HtmlReport.Render(run);
        Assert.Equal(5, ChartPage.Charts(html).Count);
        using var data = ChartPage.Data(html);
        Assert.Equal(0, data.RootElement.GetProperty("t").GetArrayLength());
        Assert.Equal(0, data.RootElement.GetProperty("distribution").GetProperty("keys").GetArrayLength());
    }
}
