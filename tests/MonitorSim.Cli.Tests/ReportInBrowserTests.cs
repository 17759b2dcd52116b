using MonitorSim.TestSupport;

namespace MonitorSim.Cli.Tests;

/// <summary>The report a real run writes is read by people in a browser: in headless Chromium every chart draws from the
/// run's own data, with no console error and no request leaving the file.</summary>
[Collection(TreeRunCollection.Name)]
public sealed class ReportInBrowserTests
{
    [SkippableFact]
    public async Task Every_chart_of_a_runs_report_draws_in_headless_chromium_with_no_error_and_no_outside_request()
    {
        Skip.If(HeadlessBrowser.Find() is null, HeadlessBrowser.Missing);
        using var dir = new TempDir();
        var scenario = TinyScenario.WriteTo(dir);
        (await Cli.RunAsync("run", scenario, "--out", dir.File("report"))).ExpectExit(0);

        await using var browser = (await HeadlessBrowser.StartAsync())!;
        var visit = await browser.VisitAsync(dir.File("report", "report.html"), "report-of-a-tiny-run");

        Assert.Empty(visit.Errors);
        Assert.Empty(visit.OutsideRequests);
        // The per-stream latency chart (data-group="streams") follows the per-stream table.
        Assert.Equal(["throughput", "latency", "distribution", "latency", "generator", "tree"], visit.Charts.Select(c => c.Name));
        Assert.All(visit.Charts, c => Assert.True(c.Drawn == "1" && c.Painted > 10_000, $"chart {c.Name}: drawn '{c.Drawn}', {c.Painted} pixels painted"));
        // The tiny scenario runs four operations: each has a completed series, and a p99 and a p50 series.
        Assert.Equal(1 + 4 + 1, visit.Charts.Single(c => c.Name == "throughput").Series);
        Assert.Equal(1 + 4 * 2, visit.Charts.First(c => c.Name == "latency").Series);
        // Its streams: the four of the scenario and the engine's boot registrations (inside the warm-up, still drawn).
        Assert.True(visit.Charts.Last(c => c.Name == "latency").Series >= 1 + 4 * 2, "the per-stream chart lacks the scenario's streams");
    }
}
