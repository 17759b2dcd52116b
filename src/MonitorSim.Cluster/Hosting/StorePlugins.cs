using System.Data;
using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using LinqToDB;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Domain.Storage;

namespace MonitorSim.Cluster.Hosting;

/// <summary>The Akka.Persistence plugins a node's actor system gets for its store: the journal and snapshot store (the
/// tree's and the province platform's, <see cref="TreeNode"/>, <see cref="ProvinceNode"/>) and the alarm audit's own
/// journal entry.</summary>
internal static class StorePlugins
{
    /// <summary>The journal and snapshot store of <paramref name="store"/> (also the province platform's, <see cref="ProvinceNode"/>).</summary>
    public static AkkaConfigurationBuilder Configure(AkkaConfigurationBuilder b, StoreSettings store)
    {
        if (store.Kind == StoreKind.Memory)
            b.AddHocon(
                "akka.persistence.journal.plugin = \"akka.persistence.journal.inmem\"\n" +
                "akka.persistence.snapshot-store.plugin = \"akka.persistence.snapshot-store.inmem\"", HoconAddMode.Prepend);
        else if (store.Kind == StoreKind.Sqlite)
            b.WithSqlPersistence(SqliteData(store), autoInitialize: true).AddHocon(SqliteWriter(store), HoconAddMode.Prepend);
        else
            b.WithSqlPersistence(store.ConnectionString, store.ProviderName, autoInitialize: true);
        if (store.Kind != StoreKind.Memory) AddAuditJournal(b, store);
        return b;
    }

    /// <summary>
    /// A second entry for the same journal, <see cref="JournalReplay.AuditPluginId"/>, that only the alarm audit reads
    /// through (<see cref="JournalReplay"/>): the same tables, with Akka's replay filter off. The filter protects a
    /// recovering actor from an older writer's events interleaved with a newer one's (a platform frozen past the failure
    /// detector and started again elsewhere) by dropping them; the audit asks whether an acknowledged alarm was stored, and
    /// those rows were. The default entry keeps its filter for recovery.
    /// </summary>
    private static void AddAuditJournal(AkkaConfigurationBuilder b, StoreSettings store)
    {
        var audit = new SqlJournalOptions(isDefaultPlugin: false, identifier: JournalReplay.AuditIdentifier) { AutoInitialize = false };
        if (store.Kind == StoreKind.Sqlite)
        {
            audit.DataOptions = SqliteData(store);
            audit.ReadIsolationLevel = IsolationLevel.ReadUncommitted; // a deferred BEGIN, as the default entry's reads (TreeNode's HOCON)
        }
        else
        {
            audit.ConnectionString = store.ConnectionString;
            audit.ProviderName = store.ProviderName;
        }
        b.WithSqlPersistence(audit, snapshotOptions: null)
            .AddHocon($"{JournalReplay.AuditPluginId}.replay-filter.mode = off", HoconAddMode.Prepend);
    }

    /// <summary>The default journal entry's class replaced by <see cref="SqliteJournal"/> (the plugin's, with its own
    /// writer), given the file's connection string.</summary>
    private static string SqliteWriter(StoreSettings store) =>
        $"akka.persistence.journal.sql.class = \"{typeof(SqliteJournal).AssemblyQualifiedName}\"\n" +
        $"akka.persistence.journal.sql.{SqliteJournal.ConnectionStringKey} = \"{HoconQuoted(store.ConnectionString)}\"";

    private static string HoconQuoted(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    /// <summary>A SQLite store's connection, with the pragmas every connection gets (<see cref="SqlitePragmas"/>).</summary>
    private static DataOptions SqliteData(StoreSettings store) =>
        new DataOptions().UseConnectionString(store.ProviderName, store.ConnectionString).UseInterceptor(new SqlitePragmas());
}
