using System.Globalization;
using System.Text.Json;
using MonitorSim.TestSupport;
using static MonitorSim.Cli.Tests.LiveDashboardInBrowserTests;

namespace MonitorSim.Cli.Tests;

/// <summary><c>replay --dashboard</c> in headless Chromium: the page follows a replayed incident log as it goes and ends
/// with the replay's own figures (summary.json's) and links to its reports.</summary>
[Collection(TreeRunCollection.Name)]
public sealed class ReplayDashboardInBrowserTests
{
    [SkippableFact]
    public async Task The_live_page_follows_a_replay_as_it_goes_and_ends_with_the_figures_of_its_summary_json()
    {
        Skip.If(HeadlessBrowser.Find() is null, HeadlessBrowser.Missing);
        await using var browser = (await HeadlessBrowser.StartAsync())!;
        using var dir = new TempDir();
        var scenario = TinyScenario.WriteTo(dir, store: "memory");
        var log = dir.File("day.csv");
        // Twenty seconds of the tiny city's incidents (≈ 45 events a second), replayed at their own pace.
        Assert.Equal(0, await MonitorSimApp.RunAsync(["generate", "--scenario", scenario, "--duration", "20s", "--start", "2026-11-27T10:00:00+08:00",
            "--out", log], Cli.Console(new StringWriter(CultureInfo.InvariantCulture)), CancellationToken.None));
        var port = LoopbackPort.Free();
        using var stop = new CancellationTokenSource();
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var replay = MonitorSimApp.RunAsync(["replay", log, "--scenario", scenario, "--out", dir.File("out"),
            "--dashboard", port.ToString(CultureInfo.InvariantCulture), "--dashboard-keep", "5m"], Cli.Console(output), stop.Token);
        var url = new Uri($"http://127.0.0.1:{port}/");
        await WaitUntilServedAsync(url, replay);
        Assert.Contains($"live dashboard: {url}", output.ToString(), StringComparison.Ordinal);

        await using var live = await browser.OpenAsync(url, "replay-dashboard");
        var page = live.Page;
        Assert.Equal("replay", await page.EvaluateAsync<string>("async () => { while (!window.monitorSimDashboard.state) await new Promise(r => setTimeout(r, 100)); return window.monitorSimDashboard.state.kind; }"));
        Assert.Equal("day.csv", await page.EvaluateAsync<string>("() => window.monitorSimDashboard.state.title"));
        // The replay's intervals arrive as it goes: a later one comes, the charts gain rows, events were completed.
        await WaitForAsync(live, "() => window.monitorSimDashboard.state?.latest != null");
        // One snapshot of both: read apart, intervals that arrive between the two reads (seconds, on a loaded machine) would
        // count in the rows but not in the time, and the wait below could end before any row came after them.
        var snapshot = await page.EvaluateAsync<double[]>("() => [window.monitorSimDashboard.state.latest.t, window.monitorSimDashboard.data.t.length]");
        var (first, firstRows) = (snapshot[0], (int)snapshot[1]);
        Assert.NotEqual("finished", await page.EvaluateAsync<string>("() => window.monitorSimDashboard.state.phase"));
        await WaitForAsync(live, $"() => window.monitorSimDashboard.state.latest.t > {first.ToString(CultureInfo.InvariantCulture)} + 1.5");
        Assert.True(await page.EvaluateAsync<int>("() => window.monitorSimDashboard.data.t.length") > firstRows, "the charts gained no rows");
        await WaitForAsync(live, "() => window.monitorSimDashboard.state.latest.completed_per_s > 0");

        await WaitForAsync(live, "() => window.monitorSimDashboard.state.phase === 'finished'");
        await page.WaitForSelectorAsync("#final-operations td[data-key]");
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(dir.File("out", "summary.json")));
        var shown = await page.EvaluateAsync<Dictionary<string, string>>(
            "() => Object.fromEntries([...document.querySelectorAll('#final td[data-key]')].map(td => [td.dataset.key, td.textContent]))");
        Assert.Contains("operations.completed", shown.Keys);
        Assert.Contains("latency_ms.alarm.p99", shown.Keys);
        Assert.True(summary.RootElement.GetProperty("operations").GetProperty("completed").GetInt64() > 500, "the replay completed too little to show anything");
        foreach (var (key, text) in shown) AssertShows(summary.RootElement, key, text);
        var links = await page.Locator("#reports a").EvaluateAllAsync<string[]>("as => as.map(a => a.getAttribute('href'))");
        Assert.Contains("/reports/report.html", links);
        Assert.Contains("/reports/summary.json", links);
        var charts = await HeadlessBrowser.ChartsAsync(page);
        Assert.All(charts, c => Assert.True(c.Drawn == "1" && c.Painted > 10_000, $"chart {c.Name}: drawn '{c.Drawn}', {c.Painted} pixels painted"));
        await live.ScreenshotAsync();
        Assert.Empty(live.Visit.Errors);
        Assert.Empty(live.Visit.OutsideRequests);

        stop.Cancel(); // ends --dashboard-keep
        Assert.Contains(await replay.WaitAsync(TimeSpan.FromSeconds(30)), new[] { 0, 1 });
    }
}
