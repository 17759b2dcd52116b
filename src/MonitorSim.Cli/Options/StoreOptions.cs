using System.CommandLine;
using MonitorSim.Domain.Storage;
using MonitorSim.Harness;

namespace MonitorSim.Cli.Options;

/// <summary><c>--store</c> and <c>--store-file</c>, read with the environment's <see cref="EnvironmentNames.Store"/>
/// as their fallback (see <see cref="TypedOptions.Store"/>).</summary>
internal sealed record StoreOptions(Option<StoreAddress?> Address, Option<StoreAddress?> File)
{
    /// <summary>The store the user named, or null; what is wrong goes to <paramref name="errors"/>.
    /// <paramref name="environment"/> looks up an environment variable (default: this process's).</summary>
    public StoreAddress? Read(ParseResult parse, List<string> errors, Func<string, string?>? environment = null)
    {
        var (address, file) = (parse.GetValue(Address), parse.GetValue(File));
        if (address is not null && file is not null)
        {
            errors.Add("--store and --store-file: give one of them");
            return null;
        }
        if ((address ?? file) is { } given) return given;
        if ((environment ?? Environment.GetEnvironmentVariable)(EnvironmentNames.Store) is not { Length: > 0 } text) return null;
        if (StoreAddress.TryParse(text, out var fromEnvironment, out var error)) return fromEnvironment;
        errors.Add($"{EnvironmentNames.Store}: {error}");
        return null;
    }
}
