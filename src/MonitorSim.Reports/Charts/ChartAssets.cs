using System.Text.Json;

namespace MonitorSim.Reports.Charts;

/// <summary>The files a page needs to draw MonitorSim's charts, embedded in this assembly: uPlot (pinned by
/// src/MonitorSim.Reports/package-lock.json) with its licence, and the chart module that draws a run's or a size run's
/// charts from their chart data (<see cref="RunChartData"/>). report.html and sizing.html inline them; a live page can
/// serve them as they are.</summary>
public static class ChartAssets
{
    private static readonly Lazy<string> LibraryScript = new(() => Read("uPlot.iife.min.js"));
    private static readonly Lazy<string> LibraryStyle = new(() => Read("uPlot.min.css"));
    private static readonly Lazy<string> Licence = new(() => Read("uPlot.LICENSE"));
    private static readonly Lazy<string> ModuleScript = new(() => Read("monitorsim-charts.js"));
    private static readonly Lazy<string> Version = new(() =>
        JsonDocument.Parse(Read("uPlot.package.json")).RootElement.GetProperty("version").GetString()
        ?? throw new InvalidOperationException("uPlot's package.json has no version"));

    /// <summary>uPlot's script (defines <c>window.uPlot</c>).</summary>
    public static string UPlotScript => LibraryScript.Value;

    /// <summary>uPlot's style sheet.</summary>
    public static string UPlotCss => LibraryStyle.Value;

    /// <summary>uPlot's licence text (MIT), shipped with every page that embeds it.</summary>
    public static string UPlotLicence => Licence.Value;

    /// <summary>The version of uPlot embedded, as its package says.</summary>
    public static string UPlotVersion => Version.Value;

    /// <summary>The chart module (defines <c>window.MonitorSimCharts</c> with <c>drawRun</c> and <c>drawSizing</c>).</summary>
    public static string ChartsScript => ModuleScript.Value;

    private static string Read(string name)
    {
        var resource = "MonitorSim.Reports.Charts." + name;
        using var stream = typeof(ChartAssets).Assembly.GetManifestResourceStream(resource)
                           ?? throw new InvalidOperationException($"the assembly lacks the embedded chart file {resource}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
