using Microsoft.Data.Sqlite;

namespace MonitorSim.Cli.Tests;

/// <summary>A fresh folder under the system temp folder for one test, deleted when the test ends.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "monitorsim-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        // Pooled connections keep the SQLite file open after the run; release them so the folder can go.
        SqliteConnection.ClearAllPools();
        try
        {
            if (Environment.GetEnvironmentVariable("MONITORSIM_KEEP_TEST_DIRS") is null) Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
