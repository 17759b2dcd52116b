using Microsoft.Data.Sqlite;

namespace MonitorSim.Harness.Measurement;

/// <summary>
/// Counts the SQLite journal's rows and the store file's size while the tree writes to it: a second connection reads
/// (WAL lets a reader run beside the one writer). The journal's <c>ordering</c> key only grows, so its highest value
/// counts the rows written.
/// </summary>
public sealed class JournalCounter(string sqlitePath)
{
    /// <summary>Rows the journal holds so far (its highest ordering), and the store's bytes (pages × page size, WAL
    /// included as the reader sees it).</summary>
    public (long Rows, long Bytes) Read()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = sqlitePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT IFNULL(MAX(ordering), 0) FROM journal; PRAGMA page_count; PRAGMA page_size;";
        using var reader = command.ExecuteReader();
        reader.Read();
        var rows = reader.GetInt64(0);
        reader.NextResult();
        reader.Read();
        var pages = reader.GetInt64(0);
        reader.NextResult();
        reader.Read();
        var pageSize = reader.GetInt64(0);
        return (rows, pages * pageSize);
    }
}
