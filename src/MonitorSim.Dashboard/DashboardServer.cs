using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MonitorSim.Reports.Charts;

namespace MonitorSim.Dashboard;

/// <summary>A port or address the dashboard cannot listen on.</summary>
public sealed class DashboardException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The live dashboard's web server (Kestrel): the page, its scripts and styles (uPlot and the chart module from
/// MonitorSim.Reports, the page's own), the state as JSON (<c>/state</c>), server-sent events carrying it at every change
/// and at least once a second (<c>/events</c>), and once the run is over its report files (<c>/reports/NAME</c>, only the
/// names <see cref="ReportFiles.Known"/> that were written). Every response forbids the page to load anything from
/// elsewhere (Content-Security-Policy). Nothing here reads the run: it serves <see cref="DashboardState"/>.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    /// <summary>The page fetches from this process only; inline styles are allowed because uPlot sets element styles.</summary>
    private const string PagePolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>report.html and sizing.html are self-contained: inline scripts and styles, nothing fetched.</summary>
    private const string ReportPolicy = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'";

    /// <summary>The longest the page waits between two messages, whatever happens.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);

    private readonly WebApplication _app;

    private DashboardServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>Where the page is, e.g. http://127.0.0.1:8080/.</summary>
    public Uri Url { get; }

    /// <summary>Listens as <paramref name="options"/> say; throws <see cref="DashboardException"/> when it cannot.</summary>
    public static async Task<DashboardServer> StartAsync(DashboardOptions options, DashboardState state, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        // The command owns Ctrl+C and the process's lifetime; the web host must not take them.
        builder.Services.AddSingleton<IHostLifetime, NoHostLifetime>();
        builder.WebHost.ConfigureKestrel(k => k.Listen(options.Bind, options.Port));
        var app = builder.Build();
        Map(app, state);
        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            throw new DashboardException($"cannot listen on {new IPEndPoint(options.Bind, options.Port)}: {e.Message}", e);
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                    ?? throw new DashboardException("the web server started without an address");
        var port = new Uri(bound).Port;
        var host = options.Bind.Equals(IPAddress.Any) ? "127.0.0.1" : options.Bind.Equals(IPAddress.IPv6Any) ? "[::1]"
            : options.Bind.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{options.Bind}]" : options.Bind.ToString();
        return new DashboardServer(app, new Uri($"http://{host}:{port}/"));
    }

    private static void Map(WebApplication app, DashboardState state)
    {
        app.Use(async (http, next) =>
        {
            http.Response.Headers["X-Content-Type-Options"] = "nosniff";
            http.Response.Headers.CacheControl = "no-store";
            http.Response.Headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments("/reports") ? ReportPolicy : PagePolicy;
            await next(http);
        });
        app.MapGet("/", () => Text(PageAssets.Html.Value, "text/html; charset=utf-8"));
        app.MapGet("/assets/uPlot.min.js", () => Text(ChartAssets.UPlotScript, "text/javascript; charset=utf-8"));
        app.MapGet("/assets/uPlot.min.css", () => Text(ChartAssets.UPlotCss, "text/css; charset=utf-8"));
        app.MapGet("/assets/uPlot.LICENSE.txt", () => Text(ChartAssets.UPlotLicence, "text/plain; charset=utf-8"));
        app.MapGet("/assets/monitorsim-charts.js", () => Text(ChartAssets.ChartsScript, "text/javascript; charset=utf-8"));
        app.MapGet("/assets/dashboard.js", () => Text(PageAssets.Script.Value, "text/javascript; charset=utf-8"));
        app.MapGet("/assets/dashboard.css", () => Text(PageAssets.Style.Value, "text/css; charset=utf-8"));
        app.MapGet("/state", () => Text(DashboardJson.Write(state.View()), "application/json; charset=utf-8"));
        app.MapGet("/events", (HttpContext http) => StreamAsync(http, state, app.Lifetime.ApplicationStopping));
        app.MapGet("/reports/{name}", (string name) =>
        {
            if (state.Reports is not { } reports || !reports.Files.Contains(name, StringComparer.Ordinal)) return Results.NotFound();
            return Results.File(Path.Combine(reports.Folder, name), ReportFiles.ContentType(name));
        });
    }

    /// <summary>Server-sent events: the whole state at once, then at every change (or after <see cref="Heartbeat"/>) the
    /// state again with only the rows the client lacks, until the client goes or the server stops.</summary>
    private static async Task StreamAsync(HttpContext http, DashboardState state, CancellationToken stopping)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
        var ct = linked.Token;
        int window = -1, rows = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var changed = state.Changed;
                var view = state.View(window, rows);
                (window, rows) = (view.Window.Number, view.Window.RowCount);
                await http.Response.WriteAsync("event: state\ndata: " + DashboardJson.Write(view) + "\n\n", ct);
                await http.Response.Body.FlushAsync(ct);
                await Task.WhenAny(changed, Task.Delay(Heartbeat, ct));
            }
        }
        catch (OperationCanceledException)
        {
            // the page was closed, or the server stops
        }
    }

    private static IResult Text(string text, string contentType) => Results.Text(text, contentType, Encoding.UTF8);

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try { await _app.StopAsync(stop.Token); }
        catch (OperationCanceledException) { /* open event streams are cut */ }
        await _app.DisposeAsync();
    }

    /// <summary>A host lifetime that leaves Ctrl+C and SIGTERM to the command.</summary>
    private sealed class NoHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
