using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MonitorSim.Reports.Tests;

/// <summary>Reads a report page's chart placeholders and the chart data embedded in it.</summary>
internal static partial class ChartPage
{
    [GeneratedRegex("data-chart=\"([^\"]+)\"")]
    private static partial Regex ChartPlaceholder();

    [GeneratedRegex("""<script id="monitorsim-chart-data" type="application/json">(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex DataElement();

    /// <summary>The charts the page draws, in page order.</summary>
    public static IReadOnlyList<string> Charts(string html) =>
        ChartPlaceholder().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    /// <summary>The chart data element's JSON (exactly one must be on the page).</summary>
    public static JsonDocument Data(string html)
    {
        var matches = DataElement().Matches(html);
        Assert.Single(matches);
        return JsonDocument.Parse(matches[0].Groups[1].Value);
    }
}
