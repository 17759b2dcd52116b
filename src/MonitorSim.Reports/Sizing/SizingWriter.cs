namespace MonitorSim.Reports.Sizing;

/// <summary>Writes a sizing run's plan (sizing.json, sizing.md, sizing.html) into one directory.</summary>
public static class SizingWriter
{
    public static void WriteAll(SizingRun run, string directory)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        // The JSON first: it is what other tools read, so it should exist even if charting fails.
        File.WriteAllText(Path.Combine(directory, SizingJson.FileName), SizingJson.Render(run));
        File.WriteAllText(Path.Combine(directory, SizingMarkdown.FileName), SizingMarkdown.Render(run));
        File.WriteAllText(Path.Combine(directory, SizingHtml.FileName), SizingHtml.Render(run));
    }
}
