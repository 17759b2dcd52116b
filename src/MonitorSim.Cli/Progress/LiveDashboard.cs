using MonitorSim.Dashboard;
using MonitorSim.Harness;
using MonitorSim.Load.Results;
using Spectre.Console;

namespace MonitorSim.Cli.Progress;

/// <summary>The live dashboard as a command uses it: started before the run (a port that cannot be bound is bad input,
/// and nothing has run), the URL printed, the progress wrapped so the page hears everything, the final figures handed
/// over at the end, and the page kept up as long as asked.</summary>
internal sealed class LiveDashboard : IAsyncDisposable
{
    private readonly IAnsiConsole _console;
    private readonly DashboardServer _server;
    private readonly DashboardOptions _options;

    private LiveDashboard(IAnsiConsole console, DashboardServer server, DashboardOptions options, DashboardProgress progress)
    {
        _console = console;
        _server = server;
        _options = options;
        Progress = progress;
    }

    /// <summary>The progress to hand to the job: the page's, then <c>inner</c>.</summary>
    public DashboardProgress Progress { get; }

    /// <summary>Starts the page for a <paramref name="kind"/> (run, replay, size) of <paramref name="title"/>; null after
    /// printing why when it cannot listen.</summary>
    public static async Task<LiveDashboard?> StartAsync(IAnsiConsole console, DashboardOptions options, string kind, string title,
        IRunProgress inner, CancellationToken ct)
    {
        var state = new DashboardState(kind, title);
        DashboardServer server;
        try
        {
            server = await DashboardServer.StartAsync(options, state, ct);
        }
        catch (DashboardException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] --dashboard: {e.Message}");
            return null;
        }
        console.MarkupLineInterpolated($"[bold]live dashboard:[/] [link]{server.Url}[/]");
        if (options.Exposed)
        {
            // Loud on purpose: the page has no login, and shows the run's figures, scenario and report folder.
            console.MarkupLineInterpolated($"[bold red]WARNING: the dashboard listens on {options.Bind}, not loopback: anyone who can reach this machine's port {server.Url.Port} sees the run (no login, no TLS).[/]");
        }
        return new LiveDashboard(console, server, options, new DashboardProgress(inner, state));
    }

    /// <summary>A run or replay ended with <paramref name="result"/>, reports in <paramref name="folder"/>.</summary>
    public void Finished(RunResult result, string folder) => Progress.Finished(result, folder);

    /// <summary>A size run ended, its plan in <paramref name="folder"/>.</summary>
    public void SizingFinished(string folder) => Progress.SizingFinished(folder);

    public void Failed(string message) => Progress.Failed(message);

    /// <summary>Keeps the page up after the run for as long as asked (or until Ctrl+C).</summary>
    public async Task KeepAsync(CancellationToken ct)
    {
        if (_options.KeepAfterRun == TimeSpan.Zero || ct.IsCancellationRequested) return;
        if (_options.KeepAfterRun == Timeout.InfiniteTimeSpan)
            _console.MarkupLineInterpolated($"the dashboard stays up at {_server.Url} with the final figures: Ctrl+C to exit");
        else
            _console.MarkupLineInterpolated($"the dashboard stays up at {_server.Url} for {Domain.Time.Durations.Format(_options.KeepAfterRun)} (Ctrl+C to exit sooner)");
        try { await Task.Delay(_options.KeepAfterRun, ct); }
        catch (OperationCanceledException) { }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
