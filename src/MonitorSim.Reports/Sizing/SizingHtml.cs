using System.Text;
using MonitorSim.Reports.Charts;

namespace MonitorSim.Reports.Sizing;

/// <summary>Writes sizing.html: one self-contained page that opens offline, its interactive charts drawn by uPlot from the
/// size run's chart data (<see cref="SizingChartData"/>), all inline.</summary>
public static class SizingHtml
{
    public const string FileName = "sizing.html";

    public static string Render(SizingRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .Append("<title>MonitorSim sizing: ").Append(HtmlReport.E(run.Scenario)).Append("</title>\n")
          .Append("<style>\n").Append(HtmlReport.Css).Append(ChartHtml.Style()).Append("table{font-size:.9em}\n</style>\n</head>\n<body>\n")
          .Append("<h1>MonitorSim sizing: <code>").Append(HtmlReport.E(run.Scenario)).Append("</code>");
        if (run.Caveat is { } caveat) sb.Append(" <span class=\"verdict fail\">⚠ ").Append(HtmlReport.E(caveat)).Append("</span>");
        sb.Append("</h1>\n");
        if (run.End.Reason is { } why) sb.Append("<p><strong>").Append(HtmlReport.E(why)).Append("</strong></p>\n");
        // The answer first: what carries the design load, by how much, and whether the prediction held.
        foreach (var line in SizingContent.Lead(run)) sb.Append("<p class=\"answer\"><strong>").Append(HtmlReport.E(line)).Append("</strong></p>\n");
        foreach (var section in SizingContent.Build(run))
        {
            sb.Append("<section>\n<h2>").Append(HtmlReport.E(section.Title)).Append("</h2>\n");
            foreach (var block in section.Blocks)
            {
                switch (block)
                {
                    case TableBlock table:
                        HtmlReport.AppendTable(sb, table);
                        break;
                    case ParagraphBlock p:
                        sb.Append("<p>").Append(HtmlReport.E(p.Text)).Append("</p>\n");
                        break;
                    case ListBlock list:
                        sb.Append("<ul>\n");
                        foreach (var item in list.Items) sb.Append("<li>").Append(HtmlReport.E(item)).Append("</li>\n");
                        sb.Append("</ul>\n");
                        break;
                    case SizingChartBlock chart:
                        ChartHtml.AppendFigure(sb, chart.Kind switch
                        {
                            SizingChart.SearchTrail => "trail",
                            SizingChart.ThroughputUsl => "throughput",
                            SizingChart.LatencyKnee => "latency",
                            SizingChart.CoreCapacity => "cores",
                            _ => "nodes",
                        }, chart.Caption);
                        break;
                }
            }
            sb.Append("</section>\n");
        }
        ChartHtml.AppendScripts(sb, SizingChartData.Json(run), "drawSizing");
        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }
}
