using Microsoft.Data.Sqlite;

namespace MonitorSim.Cluster.Persistence;

/// <summary>Prepares the embedded SQLite file: its folder exists and it is in WAL mode, so recovery reads do not block
/// the single writer.</summary>
public static class SqliteStore
{
    public static void Prepare(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }
}
