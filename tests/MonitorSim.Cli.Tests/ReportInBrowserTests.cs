using System.Text.RegularExpressions;

namespace MonitorSim.Cli.Tests;

/// <summary>The report a run writes is read by people in a browser: every chart must decode there.</summary>
[Collection(TreeRunCollection.Name)]
public sealed partial class ReportInBrowserTests
{
    // Counts the page's images that decoded once everything loaded, and writes the count into the DOM for --dump-dom.
    private const string Probe = """
        <script>
        window.addEventListener('load', () => {
          const images = [...document.images];
          const decoded = images.filter(i => i.complete && i.naturalWidth > 0 && i.naturalHeight > 0).length;
          document.body.setAttribute('data-charts', decoded + '/' + images.length);
        });
        </script>
        """;

    [GeneratedRegex("data-charts=\"(\\d+)/(\\d+)\"")]
    private static partial Regex ChartCount();

    [SkippableFact]
    public async Task Every_chart_of_a_runs_report_decodes_in_headless_chromium()
    {
        var browser = HeadlessChromium.Find();
        Skip.If(browser is null, "no chromium on this machine (.ci/run installs Debian's)");
        using var dir = new TempDir();
        var scenario = TinyScenario.WriteTo(dir);
        (await Cli.RunAsync("run", scenario, "--out", dir.File("report"))).ExpectExit(0);

        var html = await File.ReadAllTextAsync(Path.Combine(dir.File("report"), "report.html"));
        Assert.Contains("</body>", html, StringComparison.Ordinal);
        var page = dir.File("report", "report-probe.html");
        await File.WriteAllTextAsync(page, html.Replace("</body>", Probe + "</body>", StringComparison.Ordinal));

        var dom = await HeadlessChromium.DumpDomAsync(browser!, page, dir.File("chromium-profile"));

        var count = ChartCount().Match(dom);
        Assert.True(count.Success, "the page's load script did not run in the browser");
        var decoded = int.Parse(count.Groups[1].Value);
        var images = int.Parse(count.Groups[2].Value);
        Assert.True(images >= 4, $"the report shows {images} charts; it has at least four");
        Assert.Equal(images, decoded);
    }
}
