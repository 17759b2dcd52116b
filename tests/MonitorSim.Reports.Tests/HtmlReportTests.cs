using System.Text.RegularExpressions;

namespace MonitorSim.Reports.Tests;

/// <summary>report.html opens offline, shows the charts and cannot be scripted through run data.</summary>
public sealed partial class HtmlReportTests(WrittenSample sample) : IClassFixture<WrittenSample>
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [GeneratedRegex("""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    [GeneratedRegex("""src="data:image/png;base64,([A-Za-z0-9+/=]+)""")]
    private static partial Regex PngDataUri();

    [Fact]
    public void Report_html_references_nothing_outside_itself()
    {
        var html = sample.Read("report.html");
        Assert.DoesNotMatch(ExternalReference(), html);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Report_html_embeds_at_least_four_charts_as_png_data_uris()
    {
        var images = PngDataUri().Matches(sample.Read("report.html")).Select(m => Convert.FromBase64String(m.Groups[1].Value)).ToList();
        Assert.True(images.Count >= 4, $"expected at least 4 embedded PNGs, found {images.Count}");
        Assert.All(images, png =>
        {
            Assert.True(png.Length > 1000, "a chart PNG this small is blank");
            Assert.Equal(PngSignature, png.Take(8));
        });
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
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_threshold_makes_the_verdict_fail()
    {
        var html = HtmlReport.Render(SampleRuns.Failing());
        Assert.Contains("❌ FAIL", html, StringComparison.Ordinal);
        Assert.DoesNotContain("PASS", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_without_timeline_or_samples_still_renders_four_charts()
    {
        var run = SampleRuns.Create() with
        {
            Timeline = [],
            Latency = new Dictionary<string, MonitorSim.Load.Results.LatencyStats>(),
        };
        Assert.True(PngDataUri().Matches(HtmlReport.Render(run)).Count >= 4);
    }
}
