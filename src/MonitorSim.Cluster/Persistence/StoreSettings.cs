namespace MonitorSim.Cluster.Persistence;

/// <summary>Where the journal lives: the embedded SQLite file (default), a PostgreSQL database, or memory (benchmarks and
/// tests that measure the tree rather than the database; nothing survives the process).</summary>
/// <param name="Kind"><c>sqlite</c>, <c>postgres</c> or <c>memory</c>.</param>
/// <param name="ConnectionString">ADO.NET connection string.</param>
/// <param name="ProviderName">LinqToDB provider name used by Akka.Persistence.Sql.</param>
/// <param name="Display">How reports name the store (passwords removed).</param>
public sealed record StoreSettings(string Kind, string ConnectionString, string ProviderName, string Display)
{
    /// <summary>The embedded default's file.</summary>
    public const string DefaultSqliteFile = "data/monitorsim.db";

    /// <summary>Akka's in-memory journal and snapshot store.</summary>
    public static StoreSettings Memory { get; } = new("memory", "", "", "memory");

    /// <summary>Reads <c>sqlite</c>, <c>sqlite:PATH</c>, <c>postgres://user:pass@host:port/db</c> or <c>memory</c>.</summary>
    public static StoreSettings Parse(string text)
    {
        if (text == "memory") return Memory;
        if (text == "sqlite") return Sqlite(DefaultSqliteFile);
        if (text.StartsWith("sqlite:", StringComparison.Ordinal)) return Sqlite(text["sqlite:".Length..]);
        if (text.StartsWith("postgres://", StringComparison.Ordinal) || text.StartsWith("postgresql://", StringComparison.Ordinal))
            return Postgres(new Uri(text));
        // The value is not echoed: a mistyped connection string may carry a password.
        throw new FormatException("expected 'sqlite', 'sqlite:PATH', 'postgres://user:pass@host:port/db' or 'memory'");
    }

    /// <summary>A SQLite file; one writer, WAL journal mode (set when the file is prepared).</summary>
    public static StoreSettings Sqlite(string path) =>
        new("sqlite", $"Data Source={path};Pooling=True;Default Timeout=30", LinqToDB.ProviderName.SQLiteMS, $"sqlite:{path}");

    private static StoreSettings Postgres(Uri uri)
    {
        var user = Uri.UnescapeDataString(uri.UserInfo.Split(':')[0]);
        var password = uri.UserInfo.Contains(':') ? Uri.UnescapeDataString(uri.UserInfo[(uri.UserInfo.IndexOf(':') + 1)..]) : "";
        var db = uri.AbsolutePath.Trim('/');
        var port = uri.Port > 0 ? uri.Port : 5432;
        var cs = $"Host={uri.Host};Port={port};Database={db};Username={user};Password={password};Maximum Pool Size=20";
        return new("postgres", cs, LinqToDB.ProviderName.PostgreSQL15, $"postgres://{user}@{uri.Host}:{port}/{db}");
    }

    /// <summary>The SQLite file path, or null for other stores.</summary>
    public string? SqlitePath => Kind == "sqlite" ? Display["sqlite:".Length..] : null;
}
