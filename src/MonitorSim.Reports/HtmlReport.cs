using System.Net;
using System.Text;
using MonitorSim.Load.Results;
using MonitorSim.Reports.Charts;

namespace MonitorSim.Reports;

/// <summary>Writes report.html: one self-contained page that opens offline, its interactive charts drawn by uPlot from the
/// run's chart data (<see cref="RunChartData"/>), all inline.</summary>
public static class HtmlReport
{
    public const string FileName = "report.html";

    internal const string Css = """
        body{font-family:system-ui,sans-serif;max-width:1040px;margin:2em auto;padding:0 1em;color:#222;line-height:1.4}
        h1{font-size:1.6em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
        table{border-collapse:collapse;margin:.6em 0}th,td{border:1px solid #ddd;padding:.25em .6em}
        th{background:#f4f4f4;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
        td.hop{padding-left:1.8em;color:#555}code{font-size:.95em}
        .verdict{padding:.1em .5em;border-radius:4px;color:#fff}.pass{background:#1a7f37}.fail{background:#cf222e}
        figure{margin:1em 0}figure img{max-width:100%;border:1px solid #eee}figcaption{color:#555;font-size:.9em}
        """;

    /// <summary>Writes the report of <paramref name="result"/> to <paramref name="path"/>.</summary>
    public static void Write(RunResult result, string path) => File.WriteAllText(path, Render(result));

    /// <summary>The HTML text written by <see cref="Write"/>, charts included.</summary>
    public static string Render(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var verdict = ReportContent.Verdict(result);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .Append("<title>").Append(E(ReportContent.Title(result))).Append(" — ").Append(verdict).Append("</title>\n")
          .Append("<style>\n").Append(Css).Append(ChartHtml.Style()).Append("</style>\n</head>\n<body>\n")
          .Append("<h1>MonitorSim run: <code>").Append(E(result.Run.Scenario)).Append("</code> ")
          .Append("<span class=\"verdict ").Append(verdict == "PASS" ? "pass\">✅ PASS" : "fail\">❌ FAIL").Append("</span>");
        if (ReportContent.Caveats(result) is { Length: > 0 } caveats) sb.Append(" <span class=\"verdict fail\">⚠ ").Append(E(caveats)).Append("</span>");
        sb.Append("</h1>\n");

        foreach (var section in ReportContent.Build(result))
        {
            sb.Append("<section>\n<h2>").Append(E(section.Title)).Append("</h2>\n");
            foreach (var block in section.Blocks)
            {
                switch (block)
                {
                    case TableBlock table:
                        AppendTable(sb, table);
                        break;
                    case ParagraphBlock p:
                        sb.Append("<p>").Append(E(p.Text)).Append("</p>\n");
                        break;
                    case ListBlock list:
                        sb.Append("<ul>\n");
                        foreach (var item in list.Items)
                        {
                            sb.Append("<li>").Append(E(item)).Append("</li>\n");
                        }
                        sb.Append("</ul>\n");
                        break;
                    case ChartBlock chart:
                        ChartHtml.AppendFigure(sb, ChartName(chart.Kind), chart.Caption, chart.Group);
                        break;
                }
            }
            sb.Append("</section>\n");
        }
        ChartHtml.AppendScripts(sb, RunChartData.Json(result), "drawRun");
        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>The chart module's name for a chart.</summary>
    private static string ChartName(ChartKind kind) => kind switch
    {
        ChartKind.Throughput => "throughput",
        ChartKind.LatencyP99 => "latency",
        ChartKind.LatencyDistribution => "distribution",
        ChartKind.GeneratorLag => "generator",
        ChartKind.Tree => "tree",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    internal static void AppendTable(StringBuilder sb, TableBlock table)
    {
        sb.Append("<table>\n");
        if (table.Headers.Any(h => h.Length > 0))
        {
            sb.Append("<thead><tr>");
            foreach (var h in table.Headers)
            {
                sb.Append("<th>").Append(E(h)).Append("</th>");
            }
            sb.Append("</tr></thead>\n");
        }
        sb.Append("<tbody>\n");
        foreach (var row in table.Rows)
        {
            sb.Append("<tr>");
            foreach (var cell in row)
            {
                var cls = cell.Numeric ? " class=\"num\"" : cell.Hop ? " class=\"hop\"" : "";
                sb.Append("<td").Append(cls).Append('>');
                if (cell.Hop)
                {
                    sb.Append("↳ ");
                }
                sb.Append(cell.Code ? "<code>" + E(cell.Text) + "</code>" : E(cell.Text)).Append("</td>");
            }
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody>\n</table>\n");
    }

    internal static string E(string text) => WebUtility.HtmlEncode(text);
}
