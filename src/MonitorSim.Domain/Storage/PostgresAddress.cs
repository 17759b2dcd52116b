using System.Diagnostics.CodeAnalysis;

namespace MonitorSim.Domain.Storage;

/// <summary>A PostgreSQL server and database as a <c>postgres://user:pass@host[:port]/db</c> URL names them.</summary>
/// <param name="Port">5432 unless the URL says otherwise.</param>
public sealed record PostgresAddress(string Host, int Port, string Database, string User, string Password)
{
    public const int DefaultPort = 5432;

    /// <summary>The address without its password.</summary>
    public string Display => $"postgres://{User}@{Host}:{Port}/{Database}";

    /// <summary>Reads a <c>postgres://</c> or <c>postgresql://</c> URL; <paramref name="error"/> never echoes it.</summary>
    public static bool TryParse(string url, [NotNullWhen(true)] out PostgresAddress? address, [NotNullWhen(false)] out string? error)
    {
        address = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            error = "the postgres URL has no host";
            return false;
        }
        var database = uri.AbsolutePath.Trim('/');
        if (database.Length == 0 || database.Contains('/'))
        {
            error = "the postgres URL names no database (…/DATABASE)";
            return false;
        }
        var colon = uri.UserInfo.IndexOf(':');
        var user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
        var password = colon < 0 ? "" : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        address = new PostgresAddress(uri.Host, uri.Port > 0 ? uri.Port : DefaultPort, Uri.UnescapeDataString(database), user, password);
        error = null;
        return true;
    }

    // The password stays out of logs and exception messages that print records.
    public override string ToString() => Display;
}
