using System.Text.Json;
using Microsoft.Playwright;

namespace MonitorSim.TestSupport;

/// <summary>
/// Debian's headless Chromium driven by Playwright for .NET (the system browser as its executable: Playwright downloads
/// nothing). Opens the pages the reports write, records what the page logged as an error and every request it made,
/// waits until every chart placeholder was drawn, and keeps a screenshot under TestResults/screenshots.
/// </summary>
internal sealed class HeadlessBrowser : IAsyncDisposable
{
    /// <summary>The message a browser test skips with where no Chromium can be had.</summary>
    public const string Missing = "no chromium on this machine: .ci/run installs Debian's (apt-get install chromium), or set MONITORSIM_CHROMIUM";

    // The flags for a closed network, run as root: no sandbox, no background traffic of the browser's own.
    private static readonly string[] Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private HeadlessBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    /// <summary>The browser to use: MONITORSIM_CHROMIUM, else chromium on the PATH; null if there is none.</summary>
    public static string? Find()
    {
        var configured = Environment.GetEnvironmentVariable("MONITORSIM_CHROMIUM");
        if (!string.IsNullOrEmpty(configured) && File.Exists(configured)) return configured;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            foreach (var name in new[] { "chromium", "chromium-browser" })
                if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        return null;
    }

    /// <summary>Starts the browser, or returns null where there is none (the caller skips).</summary>
    public static async Task<HeadlessBrowser?> StartAsync()
    {
        if (Find() is not { } executable) return null;
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args = Flags,
                Timeout = 60_000,
            });
            return new HeadlessBrowser(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Opens <paramref name="file"/>, waits until every <c>[data-chart]</c> element is drawn (or 20 s), hands the
    /// open page to <paramref name="inspect"/>, then saves a full-page screenshot as
    /// TestResults/screenshots/<paramref name="screenshotName"/>.png. Requests for anything but the file itself are recorded and refused.</summary>
    public async Task<PageVisit> VisitAsync(string file, string screenshotName, Func<IPage, Task>? inspect = null)
    {
        var url = new Uri(file).AbsoluteUri;
        await using var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1100, Height = 900 },
        });
        var visit = new PageVisit(Screenshots.PathOf(screenshotName));
        var page = await WatchedPageAsync(context, visit, request => request == url);
        await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        try
        {
            await page.WaitForFunctionAsync(
                "() => [...document.querySelectorAll('[data-chart]')].every(e => e.hasAttribute('data-drawn'))",
                null, new PageWaitForFunctionOptions { Timeout = 20_000 });
        }
        catch (TimeoutException)
        {
            // Left to the assertions on Charts: an undrawn chart is reported there by name.
        }
        var charts = await page.EvaluateAsync<JsonElement>(ChartProbe);
        visit.Charts = charts.EnumerateArray().Select(c => new ChartState(c.GetProperty("name").GetString() ?? "",
            c.GetProperty("drawn").GetString() ?? "", c.GetProperty("series").GetInt32(), c.GetProperty("painted").GetInt32())).ToList();
        if (inspect is not null) await inspect(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = visit.Screenshot, FullPage = true });
        return visit;
    }

    /// <summary>A new page in <paramref name="context"/> that lets through only the requests <paramref name="allowed"/>
    /// accepts (the others are recorded in <see cref="PageVisit.OutsideRequests"/> and refused) and records every console
    /// error and page error in <see cref="PageVisit.Errors"/>.</summary>
    private static async Task<IPage> WatchedPageAsync(IBrowserContext context, PageVisit visit, Func<string, bool> allowed)
    {
        await context.RouteAsync("**/*", async route =>
        {
            if (allowed(route.Request.Url)) await route.ContinueAsync();
            else
            {
                lock (visit) visit.OutsideRequests.Add(route.Request.Url);
                await route.AbortAsync();
            }
        });
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error") lock (visit) visit.Errors.Add("console: " + message.Text);
        };
        page.PageError += (_, error) => { lock (visit) visit.Errors.Add("page error: " + error); };
        return page;
    }

    /// <summary>Opens the page at <paramref name="url"/> (a server of this test's, e.g. the live dashboard) and keeps it open
    /// for the caller: requests to <paramref name="url"/>'s own origin go through, anything else is recorded in
    /// <see cref="PageVisit.OutsideRequests"/> and refused. The caller takes the screenshot (<see cref="LivePage.ScreenshotAsync"/>).</summary>
    public async Task<LivePage> OpenAsync(Uri url, string screenshotName)
    {
        var origin = url.GetLeftPart(UriPartial.Authority);
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var visit = new PageVisit(Screenshots.PathOf(screenshotName));
        var page = await WatchedPageAsync(context, visit,
            request => request.StartsWith(origin + "/", StringComparison.Ordinal) || request == origin);
        await page.GotoAsync(url.AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        return new LivePage(context, page, visit);
    }

    /// <summary>The charts under the page's <c>[data-chart]</c> elements as they are now.</summary>
    public static async Task<IReadOnlyList<ChartState>> ChartsAsync(IPage page)
    {
        var charts = await page.EvaluateAsync<JsonElement>(ChartProbe);
        return charts.EnumerateArray().Select(c => new ChartState(c.GetProperty("name").GetString() ?? "",
            c.GetProperty("drawn").GetString() ?? "", c.GetProperty("series").GetInt32(), c.GetProperty("painted").GetInt32())).ToList();
    }

    /// <summary>Per chart placeholder: its name, whether the module drew it, and how many canvas pixels are painted.</summary>
    private const string ChartProbe = """
        () => [...document.querySelectorAll('[data-chart]')].map(e => {
          const canvas = e.querySelector('canvas');
          let painted = 0;
          if (canvas && canvas.width > 0 && canvas.height > 0) {
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
          }
          return { name: e.dataset.chart, drawn: e.getAttribute('data-drawn') ?? '', series: e.querySelectorAll('.u-legend .u-series').length, painted };
        })
        """;

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}

/// <summary>A page kept open in its own browser context (<see cref="HeadlessBrowser.OpenAsync"/>).</summary>
internal sealed class LivePage(IBrowserContext context, IPage page, PageVisit visit) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    public PageVisit Visit { get; } = visit;

    /// <summary>A full-page screenshot, saved where <see cref="PageVisit.Screenshot"/> says.</summary>
    public Task ScreenshotAsync() => Page.ScreenshotAsync(new PageScreenshotOptions { Path = Visit.Screenshot, FullPage = true });

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
