namespace MonitorSim.Reports.Tests;

/// <summary>ReportWriter writes every artefact of a run.</summary>
public sealed class ReportWriterTests
{
    [Fact]
    public void WriteAll_creates_the_directory_and_the_four_files()
    {
        using var temp = new TempDirectory();
        var dir = Path.Combine(temp.Path, "nested", "out");

        ReportWriter.WriteAll(SampleRuns.Create(), dir);

        Assert.Equal(
            ["report.html", "report.md", "summary.json", "timeline.csv"],
            Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(Directory.GetFiles(dir), f => Assert.True(new FileInfo(f).Length > 0, f));
    }
}
