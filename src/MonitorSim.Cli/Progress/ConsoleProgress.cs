using MonitorSim.Cluster.Hosting;
using MonitorSim.Harness;
using MonitorSim.Load.Results;
using Spectre.Console;

namespace MonitorSim.Cli.Progress;

/// <summary>
/// Live progress on the console: elapsed, ops/s, p99 per operation, cameras online and active alarms. On an interactive
/// terminal one status line is redrawn in place; otherwise (CI, pipes) a line is printed every few seconds.
/// </summary>
public sealed class ConsoleProgress(IAnsiConsole console, TimeSpan duration) : IRunProgress
{
    private readonly bool _interactive = console.Profile.Capabilities.Interactive;
    private double _lastPrinted = double.NegativeInfinity;
    private double _lastStartPrinted = double.NegativeInfinity;

    public void Info(string message) => console.MarkupLine($"[grey]{Markup.Escape(message)}[/]");

    /// <summary>Every second on a terminal, every 5 s otherwise, and the last one.</summary>
    public void TreeStart(WakeProgress progress)
    {
        if (!progress.Done && progress.ElapsedS - _lastStartPrinted < (_interactive ? 1 : 5)) return;
        _lastStartPrinted = progress.ElapsedS;
        console.MarkupLine($"[grey]start: {Markup.Escape(progress.Describe())}[/]");
    }

    public void Interval(TimelineRow row)
    {
        if (!_interactive && row.TS - _lastPrinted < 5 && row.TS < duration.TotalSeconds) return;
        _lastPrinted = row.TS;
        var p99 = string.Join("  ", row.PerOperation.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key} p99 {p.Value.P99:0.0}ms"));
        var ops = (row.Completed + row.Failed) / Math.Max(1e-9, row.IntervalS);
        var phase = row.WarmUp ? "[yellow]warm-up[/] " : "";
        console.MarkupLine(
            $"{phase}[bold]{row.TS,6:0.0}s[/]/{duration.TotalSeconds:0}s  {ops,9:N0} ops/s  {Markup.Escape(p99)}  " +
            $"online [green]{row.Tree.CamerasOnline:N0}[/] offline [red]{row.Tree.CamerasOffline:N0}[/] alarms [orange1]{row.Tree.ActiveAlarms:N0}[/]" +
            (row.Dropped > 0 ? $" [red]dropped {row.Dropped:N0}[/]" : "") + $"  lag p99 {row.GeneratorLagP99Ms:0.0}ms");
    }
}
