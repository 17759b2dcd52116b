using Microsoft.Playwright;
using MonitorSim.Reports.Sizing;
using MonitorSim.TestSupport;

namespace MonitorSim.Reports.Tests;

/// <summary>The report pages are read in a browser: in headless Chromium every chart draws, nothing is logged as an
/// error, no request leaves the file, and the charts answer the mouse (values on hover, zoom). Screenshots of each page
/// are kept under TestResults/screenshots.</summary>
public sealed class ChartsInBrowserTests(WrittenSample sample, ChartsInBrowserTests.Browser browser)
    : IClassFixture<WrittenSample>, IClassFixture<ChartsInBrowserTests.Browser>
{
    /// <summary>One browser for the class (starting one takes a second or two).</summary>
    public sealed class Browser : IAsyncLifetime
    {
        internal HeadlessBrowser? Instance { get; private set; }

        public async Task InitializeAsync() => Instance = await HeadlessBrowser.StartAsync();

        public async Task DisposeAsync()
        {
            if (Instance is not null) await Instance.DisposeAsync();
        }
    }

    private HeadlessBrowser Chromium()
    {
        Skip.If(browser.Instance is null, HeadlessBrowser.Missing);
        return browser.Instance!;
    }

    private static void AssertClean(PageVisit visit, params string[] charts)
    {
        Assert.Empty(visit.Errors);
        Assert.Empty(visit.OutsideRequests);
        Assert.Equal(charts, visit.Charts.Select(c => c.Name));
        Assert.All(visit.Charts, c =>
        {
            Assert.True(c.Drawn == "1", $"chart {c.Name} was not drawn");
            // Axes, grid and lines: a drawn chart paints tens of thousands of pixels, an empty canvas none.
            Assert.True(c.Painted > 10_000, $"chart {c.Name} painted only {c.Painted} pixels");
        });
        Assert.True(new FileInfo(visit.Screenshot).Length > 10_000, "the screenshot was kept");
    }

    [SkippableFact]
    public async Task Every_chart_of_report_html_draws_with_no_console_error_and_no_request_leaving_the_file()
    {
        var visit = await Chromium().VisitAsync(sample.File("report.html"), "report-sample");

        AssertClean(visit, "throughput", "latency", "distribution", "generator", "tree");
        // One legend entry per series plus the x axis: 2 operations' completed, offered, failed and dropped (the sample
        // has both); p99 and p50 of each operation.
        Assert.Equal(6, visit.Charts.Single(c => c.Name == "throughput").Series);
        Assert.Equal(5, visit.Charts.Single(c => c.Name == "latency").Series);
    }

    [SkippableFact]
    public async Task Every_chart_of_sizing_html_draws_with_no_console_error_and_no_request_leaving_the_file()
    {
        using var dir = new TempDirectory();
        var file = dir.File("sizing.html");
        await File.WriteAllTextAsync(file, SizingHtml.Render(SizingReportTests.OnNodes()));

        var visit = await Chromium().VisitAsync(file, "sizing-sample");

        AssertClean(visit, "trail", "throughput", "latency", "nodes");
    }

    [SkippableFact]
    public async Task Capacity_against_cores_draws_with_the_extrapolation_and_its_interval_and_no_console_error()
    {
        using var dir = new TempDirectory();
        var file = dir.File("sizing.html");
        await File.WriteAllTextAsync(file, SizingHtml.Render(SizingVerticalReportTests.WithVertical()));

        var visit = await Chromium().VisitAsync(file, "sizing-vertical-sample");

        AssertClean(visit, "cores", "trail", "throughput", "latency");
        // The x axis, the three smaller quotas, the held-out quota measured and predicted, the line, its extrapolation, the
        // interval's two edges and the production node.
        Assert.Equal(9, visit.Charts.Single(c => c.Name == "cores").Series);
    }

    [SkippableFact]
    public async Task Hovering_a_chart_shows_its_values_and_dragging_across_one_zooms_every_timeline_chart()
    {
        string[] before = [], hovered = [];
        double[][] zoomed = [];
        await Chromium().VisitAsync(sample.File("report.html"), "report-sample-zoomed", async page =>
        {
            var latency = page.Locator("[data-chart=latency] .u-over");
            await latency.ScrollIntoViewIfNeededAsync();
            var box = (await latency.BoundingBoxAsync())!;
            before = await Legend(page);
            // The sample's second interval (t = 20 s) sits in the middle of the 0–30 s axis.
            await page.Mouse.MoveAsync(box.X + box.Width * 2 / 3, box.Y + box.Height / 2);
            await page.WaitForFunctionAsync("() => document.querySelector('[data-chart=latency] .u-legend .u-series:nth-child(2) .u-value').textContent !== '–'");
            hovered = await Legend(page);
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(box.X + box.Width * 0.3f, box.Y + box.Height / 2, new MouseMoveOptions { Steps = 5 });
            await page.Mouse.UpAsync();
            zoomed = await page.EvaluateAsync<double[][]>("() => monitorSimCharts.charts.map(u => [u.scales.x.min, u.scales.x.max])");
        });

        Assert.All(before, v => Assert.Equal("–", v));
        // Values at t = 20 s: alarm p99 31.25 ms and p50 9.5 ms; keepalive p99 2.5 ms and p50 1.5 ms.
        Assert.Equal(["31.25 ms", "9.5 ms", "2.5 ms", "1.5 ms"], hovered);
        // Throughput, latency, generator and tree follow the zoom (the distribution chart is not over time).
        var timeline = zoomed.Where((_, i) => i != 2).ToList();
        Assert.All(timeline, x => Assert.Equal(timeline[0], x));
        Assert.True(timeline[0][0] > 0 && timeline[0][1] < 30, $"zoomed to {timeline[0][0]}–{timeline[0][1]} s, inside the run's 0–30 s");
        Assert.Equal([-0.2, 4.2], zoomed[2].Select(v => Math.Round(v, 3)));
    }

    private static Task<string[]> Legend(IPage page) => page.EvaluateAsync<string[]>(
        "() => [...document.querySelectorAll('[data-chart=latency] .u-legend .u-series:not(:first-child) .u-value')].map(e => e.textContent)");
}
