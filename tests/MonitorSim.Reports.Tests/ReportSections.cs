namespace MonitorSim.Reports.Tests;

/// <summary>One section of a rendered markdown report, for tests that judge a section's text.</summary>
internal static class ReportSections
{
    /// <summary>The section titled <paramref name="title"/> (its "## " heading line to the next one's), failing when absent.</summary>
    public static string Of(string markdown, string title)
    {
        var start = markdown.IndexOf($"\n## {title}\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section {title}");
        var end = markdown.IndexOf("\n## ", start + 4, StringComparison.Ordinal);
        return markdown[start..(end < 0 ? markdown.Length : end)];
    }
}
