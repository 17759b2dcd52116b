using Microsoft.Data.Sqlite;

namespace MonitorSim.Cluster.Persistence;

/// <summary>
/// Prepares the embedded SQLite file before the journal plugin touches it: its folder exists, it is in WAL mode (recovery
/// reads do not block the single writer), and its tables have their indexes.
/// <para>
/// Why the tables are created here: Akka.Persistence.Sql 1.5.73 creates them on first use, but on SQLite its create-if-not-
/// exists statement loses the index "footer" it carries for every provider, so the journal had no index but its
/// <c>ordering</c> key (PostgreSQL gets its indexes; measured). Then every recovery and every highest-sequence-number
/// query scanned the whole journal: recovery fell from ~3,400 to ~1,100 events/s as a store grew from 2,000 to 24,000
/// events, and every new clue paid two scans before its first event. The DDL below is the plugin's own (default table
/// mapping, as it writes it), so the plugin finds the tables in place and uses them; the index statements also mend a
/// store written before this, in place, at its next start.
/// </para>
/// </summary>
public static class SqliteStore
{
    private const string Schema = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS [journal]
        (
            [ordering]        INTEGER        NOT NULL PRIMARY KEY AUTOINCREMENT,
            [created]         INTEGER        NOT NULL,
            [deleted]         Bit            NOT NULL,
            [persistence_id]  NVarChar(255)  NOT NULL,
            [sequence_number] INTEGER        NOT NULL,
            [message]         VarBinary      NOT NULL,
            [manifest]        NVarChar(500)      NULL,
            [identifier]      INTEGER            NULL,
            [writer_uuid]     NVarChar(128)      NULL
        );
        CREATE TABLE IF NOT EXISTS [tags]
        (
            [ordering_id]    INTEGER       NOT NULL,
            [tag]            NVarChar(64)  NOT NULL,
            [sequence_nr]    INTEGER       NOT NULL,
            [persistence_id] NVarChar(255) NOT NULL,
            CONSTRAINT [PK_tags] PRIMARY KEY ([ordering_id], [tag])
        );
        CREATE TABLE IF NOT EXISTS [snapshot]
        (
            [persistence_id]  NVarChar(255) NOT NULL,
            [sequence_number] INTEGER       NOT NULL,
            [created]         INTEGER       NOT NULL,
            [snapshot]        VarBinary         NULL,
            [manifest]        NVarChar(500)     NULL,
            [serializer_id]   INTEGER           NULL,
            CONSTRAINT [PK_snapshot] PRIMARY KEY ([persistence_id], [sequence_number])
        );
        -- A stream's events by sequence number (recovery, highest sequence number), and one event per number: a second
        -- writer of the same stream fails instead of forking it.
        CREATE UNIQUE INDEX IF NOT EXISTS journal_uq ON journal (persistence_id, sequence_number);
        -- Events by tag (the supervision read side) and a stream's tags (deletes).
        CREATE INDEX IF NOT EXISTS tags_tag_idx ON tags (tag);
        CREATE INDEX IF NOT EXISTS tags_persistence_id_sequence_nr_idx ON tags (persistence_id, sequence_nr);
        """;

    public static void Prepare(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
    }
}
