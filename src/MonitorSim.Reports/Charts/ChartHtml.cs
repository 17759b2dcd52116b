using System.Net;
using System.Text;

namespace MonitorSim.Reports.Charts;

/// <summary>The HTML of interactive charts in a self-contained page: a placeholder per chart, and at the end of the body
/// the chart data, uPlot, the chart module and the call that draws them, all inline, with uPlot's licence.</summary>
internal static class ChartHtml
{
    /// <summary>The id of the script element holding the page's chart data.</summary>
    public const string DataElementId = "monitorsim-chart-data";

    /// <summary>Style for the chart figures, after uPlot's own.</summary>
    public const string Css = """
        figure.chart{margin:1em 0}figure.chart .plot{width:100%;min-height:300px}
        .u-legend{font-size:.85em}.u-legend th,.u-legend td{border:0;background:none;padding:0 .25em}.u-title{font-size:1em;font-weight:600}
        footer{margin-top:3em;color:#555;font-size:.85em}footer pre{white-space:pre-wrap;font-size:.9em}
        """;

    /// <summary>The style sheet to put in the page's head: uPlot's, then the figures'.</summary>
    public static string Style() => ChartAssets.UPlotCss + "\n" + Css;

    /// <summary>A chart's placeholder: the module draws chart <paramref name="kind"/> into it (its optional
    /// <paramref name="group"/> picks the series, e.g. per operation or per stream).</summary>
    public static void AppendFigure(StringBuilder sb, string kind, string caption, string? group = null)
    {
        sb.Append("<figure class=\"chart\"><div class=\"plot\" data-chart=\"").Append(E(kind)).Append('"');
        if (group is not null) sb.Append(" data-group=\"").Append(E(group)).Append('"');
        sb.Append("></div><figcaption>").Append(E(caption)).Append("</figcaption></figure>\n");
    }

    /// <summary>The end of the body: the data as JSON (the writer escapes <c>&lt;</c>, so no text in it can close the
    /// element), the scripts, the call <c>MonitorSimCharts.<paramref name="draw"/>(document, data)</c> (its handle kept as
    /// <c>window.monitorSimCharts</c>), and the licence.</summary>
    public static void AppendScripts(StringBuilder sb, string dataJson, string draw)
    {
        sb.Append("<noscript><p>The charts need JavaScript; the tables above hold the same figures.</p></noscript>\n")
          .Append("<script id=\"").Append(DataElementId).Append("\" type=\"application/json\">").Append(dataJson).Append("</script>\n")
          .Append("<script>\n").Append(ChartAssets.UPlotScript).Append("\n</script>\n")
          .Append("<script>\n").Append(ChartAssets.ChartsScript).Append("\n</script>\n")
          .Append("<script>\nwindow.monitorSimCharts = MonitorSimCharts.").Append(draw)
          .Append("(document, JSON.parse(document.getElementById('").Append(DataElementId).Append("').textContent));\n</script>\n")
          .Append("<footer><details><summary>Charts drawn with uPlot ").Append(E(ChartAssets.UPlotVersion))
          .Append(" (MIT licence), embedded in this page</summary><pre>").Append(E(ChartAssets.UPlotLicence))
          .Append("</pre></details></footer>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
