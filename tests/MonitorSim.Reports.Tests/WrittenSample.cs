namespace MonitorSim.Reports.Tests;

/// <summary>The sample run written once with <see cref="ReportWriter.WriteAll"/>; rendering charts is the slow part, so tests share it.</summary>
public sealed class WrittenSample : IDisposable
{
    private readonly TempDirectory _dir = new();

    public WrittenSample() => ReportWriter.WriteAll(SampleRuns.Create(), _dir.Path);

    public string File(string name) => _dir.File(name);

    public string Read(string name) => System.IO.File.ReadAllText(File(name));

    public void Dispose() => _dir.Dispose();
}
