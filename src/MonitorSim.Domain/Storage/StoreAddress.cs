using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MonitorSim.Domain.Storage;

/// <summary>
/// Where a run's journal lives, read once from the one grammar every input uses (a scenario's <c>store:</c>,
/// <c>--store</c>, <c>MONITORSIM_STORE</c>, a node's start-up): <c>sqlite</c> (the default file),
/// <c>sqlite:PATH</c>, <c>postgres://user:pass@host[:port]/db</c> (or <c>postgresql://</c>) and <c>memory</c>.
/// <see cref="Display"/> and <see cref="ToString"/> never carry the password; only <see cref="Text"/> does, for handing
/// the address to another process of the same run.
/// </summary>
public sealed record StoreAddress
{
    /// <summary>The embedded default's file, relative to the working directory.</summary>
    public const string DefaultSqliteFile = "data/monitorsim.db";

    /// <summary>What every reader of a store address says when it cannot read one. The text itself is not echoed: a
    /// mistyped connection string may carry a password.</summary>
    public const string Grammar = "expected 'sqlite', 'sqlite:PATH', 'postgres://user:pass@host:5432/db' or 'memory'";

    private StoreAddress(StoreKind kind, string text, string display)
    {
        Kind = kind;
        Text = text;
        Display = display;
    }

    public StoreKind Kind { get; }

    /// <summary>The address as <see cref="Parse"/> reads it back, password included: for another process of this run
    /// (through its environment, never its command line).</summary>
    public string Text { get; }

    /// <summary>How reports and logs name the store: the PostgreSQL password left out.</summary>
    public string Display { get; }

    /// <summary>The SQLite file, or null for other stores.</summary>
    public string? SqlitePath => Kind == StoreKind.Sqlite ? Text["sqlite:".Length..] : null;

    /// <summary>The PostgreSQL server and database, or null for other stores.</summary>
    public PostgresAddress? Postgres { get; private init; }

    public static StoreAddress Memory { get; } = new(StoreKind.Memory, "memory", "memory");

    /// <summary>The embedded default: <see cref="DefaultSqliteFile"/>.</summary>
    public static StoreAddress DefaultSqlite { get; } = Sqlite(DefaultSqliteFile);

    public static StoreAddress Sqlite(string path) =>
        string.IsNullOrWhiteSpace(path) ? throw new ArgumentException("a SQLite store needs a file path", nameof(path)) : new(StoreKind.Sqlite, $"sqlite:{path}", $"sqlite:{path}");

    /// <summary>Reads <paramref name="text"/>; false with <paramref name="error"/> (never echoing the text) if it is not
    /// a store address.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out StoreAddress? address, [NotNullWhen(false)] out string? error)
    {
        address = null;
        error = null;
        var t = text?.Trim() ?? "";
        if (t == "memory") address = Memory;
        else if (t == "sqlite") address = DefaultSqlite;
        else if (t.StartsWith("sqlite:", StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(t["sqlite:".Length..])) address = Sqlite(t["sqlite:".Length..]);
        else if (t.StartsWith("postgres://", StringComparison.Ordinal) || t.StartsWith("postgresql://", StringComparison.Ordinal))
        {
            if (PostgresAddress.TryParse(t, out var pg, out var why))
                address = new StoreAddress(StoreKind.Postgres, t, pg.Display) { Postgres = pg };
            else
                error = $"{Grammar}: {why}";
        }
        if (address is null) error ??= Grammar;
        return address is not null;
    }

    /// <summary>Reads <paramref name="text"/> or throws <see cref="FormatException"/> saying what is accepted.</summary>
    public static StoreAddress Parse(string text) => TryParse(text, out var a, out var e) ? a : throw new FormatException(e);

    /// <summary>The same store for a cluster of <paramref name="nodes"/> among several sizes (or several searches of one
    /// size, <paramref name="search"/> counting from 1) measured one after another: a SQLite file gets a sibling of its own
    /// (<c>size-2-nodes.db</c>, <c>size-2-nodes-search-2.db</c>) so each starts on an empty journal; other stores are
    /// shared.</summary>
    public StoreAddress ForClusterSize(int nodes, int search = 1)
    {
        if (SqlitePath is not { } path) return this;
        var which = search == 1 ? $"-{nodes}-nodes" : $"-{nodes}-nodes-search-{search}";
        var file = Path.Combine(Path.GetDirectoryName(path) ?? "",
            string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileNameWithoutExtension(path)}{which}{Path.GetExtension(path)}"));
        return Sqlite(file);
    }

    public override string ToString() => Display;
}
