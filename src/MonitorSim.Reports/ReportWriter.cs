using MonitorSim.Load.Results;

namespace MonitorSim.Reports;

/// <summary>Writes every artefact of a run (summary.json, timeline.csv, report.md, report.html) into one directory.</summary>
public static class ReportWriter
{
    /// <summary>Creates <paramref name="directory"/> if needed and writes the four files, overwriting earlier ones.</summary>
    public static void WriteAll(RunResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        // summary.json goes first: it is the contract other tools read, so it should exist even if charting fails.
        SummaryJson.Write(result, Path.Combine(directory, SummaryJson.FileName));
        TimelineCsv.Write(result, Path.Combine(directory, TimelineCsv.FileName));
        MarkdownReport.Write(result, Path.Combine(directory, MarkdownReport.FileName));
        HtmlReport.Write(result, Path.Combine(directory, HtmlReport.FileName));
    }
}
