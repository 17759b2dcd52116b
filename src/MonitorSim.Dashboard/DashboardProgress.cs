using MonitorSim.Harness;
using MonitorSim.Load.Results;
using MonitorSim.Reports;

namespace MonitorSim.Dashboard;

/// <summary>Progress that also feeds the live dashboard: everything the run tells goes to the page's
/// <see cref="DashboardState"/>, then on to <paramref name="inner"/> (the console). It asks for the nodes' CPU and
/// memory, which the console does not show.</summary>
public sealed class DashboardProgress(IRunProgress inner, DashboardState state) : IRunProgress
{
    public void Info(string message)
    {
        state.Info(message);
        inner.Info(message);
    }

    /// <summary>The tree's start reaches the page once, when it is done (a million entities take tens of seconds: the
    /// console shows the way there); the console gets every report.</summary>
    public void TreeStart(Cluster.Hosting.WakeProgress progress)
    {
        if (progress.Done) state.Info($"start: {progress.Describe()}");
        inner.TreeStart(progress);
    }

    public void Interval(TimelineRow row)
    {
        state.Interval(row);
        inner.Interval(row);
    }

    public void Trial(TrialProgress trial)
    {
        state.Trial(trial);
        inner.Trial(trial);
    }

    public void WindowStarted(WindowStart window)
    {
        state.WindowStarted(window);
        inner.WindowStarted(window);
    }

    public void Event(string text)
    {
        state.Event(text);
        inner.Event(text);
    }

    public void Thresholds(IReadOnlyList<ThresholdResult> soFar)
    {
        state.Thresholds(soFar);
        inner.Thresholds(soFar);
    }

    public bool WatchesNodes => true;

    public void Nodes(IReadOnlyList<NodeSample> nodes)
    {
        state.Nodes(nodes);
        if (inner.WatchesNodes) inner.Nodes(nodes);
    }

    /// <summary>A run or replay ended: the page shows summary.json's figures and links the reports in
    /// <paramref name="folder"/>.</summary>
    public void Finished(RunResult result, string folder) =>
        state.Finish(SummaryJson.Build(result).ToJsonString(), ReportFiles(folder), Path.GetFullPath(folder));

    /// <summary>A sizing search ended: the page links its plan.</summary>
    public void SizingFinished(string folder) => state.Finish("null", ReportFiles(folder), Path.GetFullPath(folder));

    /// <summary>The run stopped without results; the page says why.</summary>
    public void Failed(string message) => state.Fail(message);

    /// <summary>The reports the page links to, in the order a reader wants them: those of <see cref="ReportFiles.Known"/>
    /// present in the folder.</summary>
    private static List<string> ReportFiles(string folder) =>
        Dashboard.ReportFiles.Known.Where(name => File.Exists(Path.Combine(folder, name))).ToList();
}

/// <summary>The files of a report folder the dashboard serves (no other file of the folder is reachable).</summary>
public static class ReportFiles
{
    public static readonly IReadOnlyList<string> Known =
    [
        HtmlReport.FileName, MarkdownReport.FileName, SummaryJson.FileName, TimelineCsv.FileName,
        Reports.Sizing.SizingHtml.FileName, Reports.Sizing.SizingMarkdown.FileName, Reports.Sizing.SizingJson.FileName, "run.log", "size.log",
    ];

    /// <summary>The content type each is served with.</summary>
    public static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".json" => "application/json; charset=utf-8",
        ".csv" => "text/csv; charset=utf-8",
        ".md" => "text/markdown; charset=utf-8",
        _ => "text/plain; charset=utf-8",
    };
}
