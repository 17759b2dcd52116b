using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using MonitorSim.Dashboard;
using MonitorSim.Harness;
using MonitorSim.Load.Results;
using MonitorSim.TestSupport;
using Spectre.Console;

namespace MonitorSim.Cli.Tests;

/// <summary>The live dashboard in headless Chromium: it follows a real run as it goes, ends with the run's own figures
/// (summary.json's), and loads nothing from outside the process that serves it.</summary>
[Collection(TreeRunCollection.Name)]
public sealed class LiveDashboardInBrowserTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [SkippableFact]
    public async Task The_live_page_follows_a_run_as_it_goes_and_ends_with_the_figures_of_its_summary_json()
    {
        Skip.If(HeadlessBrowser.Find() is null, HeadlessBrowser.Missing);
        // The browser first: it takes seconds to start on a busy machine, and the page must see the run while it runs.
        await using var browser = (await HeadlessBrowser.StartAsync())!;
        using var dir = new TempDir();
        var port = LoopbackPort.Free();
        using var stop = new CancellationTokenSource();
        var output = new StringWriter(CultureInfo.InvariantCulture);
        // The M/M/1 self-test: no tree to start, ~400 operations a second, a threshold line on the latency chart. 30 s, so
        // that a page that took long to open (13.6 s into a 15-s run once, on a busy CI machine) still sees a later interval.
        var run = MonitorSimApp.RunAsync(["run", RepoPaths.Scenario("self-test/mm1.yaml"), "--duration", "30s", "--warm-up", "2s",
            "--out", dir.File("out"), "--dashboard", port.ToString(CultureInfo.InvariantCulture), "--dashboard-keep", "5m"], Cli.Console(output), stop.Token);
        var url = new Uri($"http://127.0.0.1:{port}/");
        await WaitUntilServedAsync(url, run);
        Assert.Contains($"live dashboard: {url}", output.ToString(), StringComparison.Ordinal);

        await using var live = await browser.OpenAsync(url, "live-dashboard");
        var page = live.Page;
        // Figures change as the run goes: a later interval arrives and the page's cards and charts follow it.
        await WaitForAsync(live, "() => window.monitorSimDashboard.state?.latest != null");
        // One snapshot of both: read apart, intervals that arrive between the two reads (seconds, on a loaded machine) would
        // count in the rows but not in the time, and the wait below could end before any row came after them.
        var snapshot = await page.EvaluateAsync<double[]>("() => [window.monitorSimDashboard.state.latest.t, window.monitorSimDashboard.data.t.length]");
        var (first, firstRows) = (snapshot[0], (int)snapshot[1]);
        await WaitForAsync(live, $"() => window.monitorSimDashboard.state.latest.t > {first.ToString(CultureInfo.InvariantCulture)} + 1.5");
        Assert.True(await page.EvaluateAsync<int>("() => window.monitorSimDashboard.data.t.length") > firstRows, "the charts gained no rows");
        var shownT = await page.Locator("#now-when").TextContentAsync();
        Assert.DoesNotContain($"t = {first.ToString(CultureInfo.InvariantCulture)} s", shownT, StringComparison.Ordinal);
        Assert.True(double.Parse(await page.Locator("[data-now=completed]").GetAttributeAsync("data-value") ?? "0", CultureInfo.InvariantCulture) > 0,
            "no completed operations shown while the run drives 400 a second");

        await WaitForAsync(live, "() => window.monitorSimDashboard.state.phase === 'finished'");
        await page.WaitForSelectorAsync("#final-operations td[data-key]");
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(dir.File("out", "summary.json")));
        var shown = await page.EvaluateAsync<Dictionary<string, string>>(
            "() => Object.fromEntries([...document.querySelectorAll('#final td[data-key]')].map(td => [td.dataset.key, td.textContent]))");
        Assert.Contains("operations.completed", shown.Keys);
        Assert.Contains("latency_ms.queue.p99", shown.Keys);
        foreach (var (key, text) in shown) AssertShows(summary.RootElement, key, text);
        var links = await page.Locator("#reports a").EvaluateAllAsync<string[]>("as => as.map(a => a.getAttribute('href'))");
        Assert.Contains("/reports/report.html", links);
        var report = await page.Context.APIRequest.GetAsync(new Uri(url, "/reports/summary.json").AbsoluteUri);
        Assert.Equal(200, report.Status);

        var charts = await HeadlessBrowser.ChartsAsync(page);
        Assert.Equal(["throughput", "latency", "latency", "generator", "tree"], charts.Select(c => c.Name));
        Assert.All(charts, c => Assert.True(c.Drawn == "1" && c.Painted > 10_000, $"chart {c.Name}: drawn '{c.Drawn}', {c.Painted} pixels painted"));
        Assert.NotEmpty(await page.EvaluateAsync<double[]>("() => window.monitorSimDashboard.delaysMs"));
        await live.ScreenshotAsync();
        Assert.Empty(live.Visit.Errors);
        Assert.Empty(live.Visit.OutsideRequests);

        stop.Cancel(); // ends --dashboard-keep
        Assert.Contains(await run.WaitAsync(TimeSpan.FromSeconds(30)), new[] { 0, 1 });
    }

    [SkippableFact]
    public async Task The_page_asks_only_the_process_that_serves_it_for_scripts_styles_and_figures()
    {
        Skip.If(HeadlessBrowser.Find() is null, HeadlessBrowser.Missing);
        var state = new DashboardState("run", "requests");
        state.WindowStarted(new WindowStart("requests", 10, 2, 1));
        state.Event("t=3.0s fault: platform 7 restarted");
        for (var i = 1; i <= 5; i++)
            state.Interval(new TimelineRow(i, i <= 2, 1, 100, 99, 1, 0, 3, 1.5,
                new Dictionary<string, IntervalStats> { ["alarm"] = new(99, 1, 4, 9) }, new TreeStatus(30, 0, 2)) { EndedUtc = DateTime.UtcNow });
        await using var server = await DashboardServer.StartAsync(new DashboardOptions(0, IPAddress.Loopback, TimeSpan.Zero), state);
        await using var browser = (await HeadlessBrowser.StartAsync())!;
        await using var live = await browser.OpenAsync(server.Url, "live-dashboard-requests");
        var requests = new List<string>();
        live.Page.Request += (_, r) => { lock (requests) requests.Add(r.Url); };
        await live.Page.ReloadAsync();
        await WaitForAsync(live, "() => window.monitorSimDashboard.messages >= 2");

        var origin = server.Url.GetLeftPart(UriPartial.Authority) + "/";
        lock (requests)
        {
            Assert.Contains(origin + "assets/uPlot.min.js", requests);
            Assert.Contains(origin + "assets/dashboard.css", requests);
            Assert.Contains(origin + "events", requests);
            Assert.All(requests, r => Assert.StartsWith(origin, r, StringComparison.Ordinal));
        }
        Assert.Empty(live.Visit.OutsideRequests);
        Assert.Empty(live.Visit.Errors);
        var policy = (await live.Page.Context.APIRequest.GetAsync(server.Url.AbsoluteUri)).Headers["content-security-policy"];
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
    }

    /// <summary>The page's text for summary.json's figure at <paramref name="key"/> (a dotted path) equals it to the
    /// digits shown: within half a unit of the last digit.</summary>
    internal static void AssertShows(JsonElement summary, string key, string text)
    {
        var expected = Resolve(summary, key.Split('.'));
        Assert.True(expected is not null, $"the page shows '{key}' = {text}, which summary.json does not have");
        var clean = text.Replace(",", "", StringComparison.Ordinal).Trim();
        var decimals = clean.Contains('.', StringComparison.Ordinal) ? clean.Length - clean.IndexOf('.', StringComparison.Ordinal) - 1 : 0;
        var value = double.Parse(clean, CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(value - expected!.Value.GetDouble()) <= 0.5 * Math.Pow(10, -decimals) + 1e-9,
            $"{key}: the page shows {text}, summary.json has {expected.Value.GetDouble().ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>The element at a dotted path whose names may hold dots themselves (a replayed stream, an operation
    /// <c>a.b</c>): at each level the longest run of parts that names a property.</summary>
    private static JsonElement? Resolve(JsonElement node, ReadOnlySpan<string> parts)
    {
        if (parts.Length == 0) return node;
        if (node.ValueKind != JsonValueKind.Object) return null;
        for (var take = parts.Length; take >= 1; take--)
            if (node.TryGetProperty(string.Join('.', parts[..take].ToArray()), out var child) && Resolve(child, parts[take..]) is { } found)
                return found;
        return null;
    }

    /// <summary>Waits until <paramref name="condition"/> holds on the page; fails with what the page logged if it never does.</summary>
    internal static async Task WaitForAsync(LivePage live, string condition)
    {
        try
        {
            await live.Page.WaitForFunctionAsync(condition, null, new PageWaitForFunctionOptions { Timeout = (float)Patience.TotalMilliseconds });
        }
        catch (TimeoutException)
        {
            await live.ScreenshotAsync();
            Assert.Fail($"the page never got to {condition}; it logged: {string.Join(" | ", live.Visit.Errors)}; refused: {string.Join(", ", live.Visit.OutsideRequests)}");
        }
    }

    internal static async Task WaitUntilServedAsync(Uri url, Task<int> run)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < until)
        {
            if (run.IsCompleted) Assert.Fail($"the run ended (exit {await run}) before its dashboard answered");
            try
            {
                if ((await http.GetAsync(new Uri(url, "/state"))).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        Assert.Fail($"nothing answered at {url} within {Patience}");
    }
}
