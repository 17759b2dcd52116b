using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using MonitorSim.Domain.Storage;
using MonitorSim.Domain.Time;
using MonitorSim.Harness;

namespace MonitorSim.Cli.Options;

/// <summary>
/// Options whose values the command line parses once, into the types the harness takes: durations, numbers within a
/// range, node-count lists, the store address. A value that is not of its type is a parse error naming the option (the
/// command then exits with <see cref="Commands.ExitCodes.BadInput"/> before anything starts).
/// </summary>
internal static class TypedOptions
{
    /// <summary>A duration as scenarios write it (250ms, 60s, 5m, 1h); zero allowed only with <paramref name="allowZero"/>.</summary>
    public static Option<TimeSpan?> Duration(string name, string description, bool allowZero) => new(name)
    {
        Description = description,
        HelpName = "DURATION",
        CustomParser = r =>
        {
            var text = r.Tokens[0].Value;
            if (Durations.TryParse(text, out var value) && (value > TimeSpan.Zero || (allowZero && value == TimeSpan.Zero))) return value;
            r.AddError(allowZero
                ? $"{name}: '{text}' is not a duration (write e.g. 10s, 1m; 0s for none)"
                : $"{name}: '{text}' is not a positive duration (write e.g. 250ms, 60s, 5m, 1h)");
            return null;
        },
    };

    /// <summary>A finite number that <paramref name="fits"/>; otherwise "<c>NAME: RULE, got X</c>".</summary>
    public static Option<double?> Number(string name, string description, Func<double, bool> fits, string rule) => new(name)
    {
        Description = description,
        CustomParser = r =>
        {
            var text = r.Tokens[0].Value;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && fits(value)) return value;
            r.AddError($"{name}: {rule}, got {text}");
            return null;
        },
    };

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; otherwise "<c>NAME: must be MIN to MAX, got X</c>".</summary>
    public static Option<int?> Whole(string name, string description, int min, int max, string? why = null) => new(name)
    {
        Description = description,
        CustomParser = r =>
        {
            var text = r.Tokens[0].Value;
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
            r.AddError($"{name}: must be {min} to {max}{(why is null ? "" : $" ({why})")}, got {text}");
            return null;
        },
    };

    /// <summary>Cluster sizes, comma-separated (<c>1,2,3,4</c>): whole numbers from 1 to <paramref name="max"/>, each
    /// once, sorted fewest first.</summary>
    public static Option<IReadOnlyList<int>?> NodeCounts(string name, string description, int max) => new(name)
    {
        Description = description,
        HelpName = "N,N…",
        CustomParser = r =>
        {
            var counts = new List<int>();
            foreach (var part in r.Tokens[0].Value.Split(',', StringSplitOptions.TrimEntries))
            {
                if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > max)
                {
                    r.AddError($"{name}: '{part}' is not a node count from 1 to {max} (write e.g. 1,2,3,4)");
                    return null;
                }
                if (counts.Contains(n))
                {
                    r.AddError($"{name}: {n} is listed twice");
                    return null;
                }
                counts.Add(n);
            }
            counts.Sort();
            return counts;
        },
    };

    /// <summary>
    /// CPU quotas in cores, comma-separated (<c>0.25,0.5,1,1.5</c>): each &gt; 0, each once, sorted fewest first. The list may
    /// be left out (<paramref name="defaults"/> then) when nothing follows or the next token is an option; a token that does
    /// not start like a number is refused with how to write it (<c>--vertical scenario.yaml</c> would otherwise read the
    /// scenario as quotas).
    /// </summary>
    public static Option<IReadOnlyList<double>?> CoreQuotas(string name, string description, IReadOnlyList<double> defaults) => new(name)
    {
        Description = description,
        HelpName = "CORES,CORES…",
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = r =>
        {
            if (r.Tokens.Count == 0) return defaults;
            var text = r.Tokens[0].Value;
            // System.CommandLine gives an option's optional value no way back to the arguments, so "--vertical tiny.yaml"
            // took the scenario: say how to write it rather than read a file name as quotas.
            if (text.Length == 0 || !(char.IsAsciiDigit(text[0]) || text[0] is '.' or '-' or '+'))
            {
                r.AddError($"{name}: '{text}' is not a list of cores; for the default quotas put {name} after the scenario (size SCENARIO {name}) or list them ({name} {string.Join(",", defaults.Select(d => d.ToString(CultureInfo.InvariantCulture)))})");
                return null;
            }
            var quotas = new List<double>();
            foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
            {
                if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var cores) || !double.IsFinite(cores) || cores <= 0)
                {
                    r.AddError($"{name}: '{part}' is not a number of cores above 0 (write e.g. 0.25,0.5,1,1.5)");
                    return null;
                }
                if (quotas.Contains(cores))
                {
                    r.AddError($"{name}: {part} cores is listed twice");
                    return null;
                }
                quotas.Add(cores);
            }
            if (quotas.Count < 2)
            {
                r.AddError($"{name}: one quota ({text} cores) makes no axis; list two or more (write e.g. 0.25,0.5,1,1.5)");
                return null;
            }
            quotas.Sort();
            return quotas;
        },
    };

    /// <summary>
    /// The store: <c>--store ADDRESS</c>, else <c>--store-file FILE</c> (the address in a file, e.g. a mounted secret),
    /// else the environment's <see cref="EnvironmentNames.Store"/>; null when none is given (the scenario's then). The
    /// address is never echoed in errors: it may carry a password.
    /// </summary>
    public static StoreOptions Store(string description) => new(
        new Option<StoreAddress?>("--store")
        {
            Description = $"{description}; or --store-file, or ${EnvironmentNames.Store}, to keep a password off the command line",
            HelpName = "STORE",
            CustomParser = r => ReadStore(r, "--store", r.Tokens[0].Value),
        },
        new Option<StoreAddress?>("--store-file")
        {
            Description = "A file holding the store address (its first line)",
            HelpName = "FILE",
            CustomParser = r => ReadFile(r, "--store-file", r.Tokens[0].Value) is { } text ? ReadStore(r, "--store-file", text) : null,
        });

    /// <summary>The contents of a secret's file: its first line, trimmed; null with an error naming the option.</summary>
    public static string? ReadFile(SymbolResult r, string option, string path)
    {
        try
        {
            return File.ReadLines(path).FirstOrDefault()?.Trim() ?? "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            r.AddError($"{option}: cannot read {path}: {e.Message}");
            return null;
        }
    }

    private static StoreAddress? ReadStore(SymbolResult r, string source, string text)
    {
        if (StoreAddress.TryParse(text, out var address, out var error)) return address;
        r.AddError($"{source}: {error}");
        return null;
    }
}
