using System.Text;

namespace MonitorSim.Reports.Sizing;

/// <summary>Writes sizing.html: one self-contained page (inline CSS, charts as base64 PNG) that opens offline.</summary>
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
          .Append("<style>\n").Append(HtmlReport.Css).Append("table{font-size:.9em}\n</style>\n</head>\n<body>\n")
          .Append("<h1>MonitorSim sizing: <code>").Append(HtmlReport.E(run.Scenario)).Append("</code></h1>\n");
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
                        var png = chart.Kind switch
                        {
                            SizingChart.ThroughputUsl => SizingCharts.Throughput(run),
                            SizingChart.LatencyKnee => SizingCharts.Latency(run),
                            _ => SizingCharts.NodeCapacity(run),
                        };
                        sb.Append("<figure><img alt=\"").Append(HtmlReport.E(chart.Caption)).Append("\" src=\"data:image/png;base64,")
                          .Append(Convert.ToBase64String(png)).Append("\"><figcaption>").Append(HtmlReport.E(chart.Caption))
                          .Append("</figcaption></figure>\n");
                        break;
                }
            }
            sb.Append("</section>\n");
        }
        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }
}
