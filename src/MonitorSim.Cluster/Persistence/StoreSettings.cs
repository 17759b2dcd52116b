using MonitorSim.Domain.Storage;

namespace MonitorSim.Cluster.Persistence;

/// <summary>How Akka.Persistence.Sql reaches a <see cref="StoreAddress"/>: its ADO.NET connection string and LinqToDB
/// provider.</summary>
/// <param name="Address">Where the journal lives.</param>
/// <param name="ConnectionString">ADO.NET connection string (empty for memory).</param>
/// <param name="ProviderName">LinqToDB provider name used by Akka.Persistence.Sql (empty for memory).</param>
public sealed record StoreSettings(StoreAddress Address, string ConnectionString, string ProviderName)
{
    public StoreKind Kind => Address.Kind;

    /// <summary>How reports name the store (password left out).</summary>
    public string Display => Address.Display;

    /// <summary>The SQLite file path, or null for other stores.</summary>
    public string? SqlitePath => Address.SqlitePath;

    /// <summary>Akka's in-memory journal and snapshot store.</summary>
    public static StoreSettings Memory { get; } = For(StoreAddress.Memory);

    /// <summary>A SQLite file; one writer, WAL journal mode (set when the file is prepared).</summary>
    public static StoreSettings Sqlite(string path) => For(StoreAddress.Sqlite(path));

    /// <summary>Reads a store address (<see cref="StoreAddress.Grammar"/>) or throws <see cref="FormatException"/>.</summary>
    public static StoreSettings Parse(string text) => For(StoreAddress.Parse(text));

    public static StoreSettings For(StoreAddress address) => address.Kind switch
    {
        StoreKind.Memory => new(address, "", ""),
        StoreKind.Sqlite => new(address, $"Data Source={address.SqlitePath};Pooling=True;Default Timeout=30", LinqToDB.ProviderName.SQLiteMS),
        _ => new(address, PostgresConnectionString(address.Postgres!), LinqToDB.ProviderName.PostgreSQL15),
    };

    private static string PostgresConnectionString(PostgresAddress pg) =>
        new Npgsql.NpgsqlConnectionStringBuilder
        {
            Host = pg.Host, Port = pg.Port, Database = pg.Database, Username = pg.User, Password = pg.Password, MaxPoolSize = 20,
        }.ConnectionString;

    // The connection string carries the password: records print themselves in logs and exception messages.
    public override string ToString() => Display;
}
