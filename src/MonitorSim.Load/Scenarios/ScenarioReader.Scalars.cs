using System.Globalization;
using System.Text.RegularExpressions;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Storage;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Thresholds;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

using MonitorSim.Load.Results;

namespace MonitorSim.Load.Scenarios;

/// <summary>The scalar and structure readers every section uses: each reports its own error (file, line, field) and
/// returns null on a bad value.</summary>
internal sealed partial class ScenarioReader
{
    // ---- scalar readers: each reports its own error and returns null on a bad value ----

    private string? ReadName(YamlNode node, string field)
    {
        if (ReadString(node, field) is not { } text) return null;
        if (NamePattern().IsMatch(text)) return text;
        Error(node, field, $"must match [a-z0-9_-]+ (lower-case letters, digits, '_' and '-'), got '{text}'");
        return null;
    }

    private string? ReadString(YamlNode node, string field)
    {
        if (node is YamlScalarNode s && !IsNull(s)) return s.Value ?? "";
        Error(node, field, $"expected a string, got {Describe(node)}");
        return null;
    }

    private int? ReadInt(YamlNode node, string field, int? min = null, string what = "an integer")
    {
        if (PlainScalar(node, field, what) is not { } text) return null;
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Error(node, field, $"expected {what}, got '{text}'");
            return null;
        }
        if (min is { } m && value < m)
        {
            Error(node, field, m == 0 ? $"must be >= 0, got {value}" : $"must be at least {m}, got {value}");
            return null;
        }
        if (value is < int.MinValue or > int.MaxValue)
        {
            Error(node, field, $"is out of range, got {value}");
            return null;
        }
        return (int)value;
    }

    private double? ReadDouble(YamlNode node, string field, double min, bool exclusiveMin)
    {
        if (PlainScalar(node, field, "a number") is not { } text) return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            Error(node, field, $"expected a number, got '{text}'");
            return null;
        }
        if (exclusiveMin ? value <= min : value < min)
        {
            Error(node, field, $"must be {(exclusiveMin ? ">" : ">=")} {min.ToString(CultureInfo.InvariantCulture)}, got {text}");
            return null;
        }
        return value;
    }

    private bool? ReadBool(YamlNode node, string field)
    {
        if (PlainScalar(node, field, "true or false") is not { } text) return null;
        switch (text)
        {
            case "true" or "True" or "TRUE": return true;
            case "false" or "False" or "FALSE": return false;
            default:
                Error(node, field, $"expected true or false, got '{text}'");
                return null;
        }
    }

    private TimeSpan? ReadDuration(YamlNode node, string field, bool positive)
    {
        if (node is not YamlScalarNode s || IsNull(s))
        {
            Error(node, field, $"expected a duration (e.g. 250ms, 60s, 5m, 1h, 30d), got {Describe(node)}");
            return null;
        }
        if (!Durations.TryParse(s.Value, out var value))
        {
            Error(node, field, $"'{s.Value}' is not a duration (write e.g. 250ms, 60s, 5m, 1h, 30d)");
            return null;
        }
        if (positive && value <= TimeSpan.Zero)
        {
            Error(node, field, $"must be longer than 0, got {s.Value}");
            return null;
        }
        return value;
    }

    private TimeOnly? ReadTime(YamlNode node, string field)
    {
        if (ReadString(node, field) is not { } text) return null;
        if (TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) return t;
        Error(node, field, $"expected a time of day like 08:30, got '{text}'");
        return null;
    }

    private T? ReadEnum<T>(YamlNode node, string field, Dictionary<string, T> names, string what)
        where T : struct, Enum
    {
        if (node is not YamlScalarNode s || IsNull(s))
        {
            Error(node, field, $"expected a {what} ({string.Join(", ", names.Keys)}), got {Describe(node)}");
            return null;
        }
        var text = s.Value ?? "";
        if (names.TryGetValue(text, out var value)) return value;
        var hint = KeySuggestions.Nearest(text, names.Keys) is { } near ? $"; did you mean '{near}'?" : "";
        Error(node, field, $"unknown {what} '{text}' (expected {string.Join(", ", names.Keys)}){hint}");
        return null;
    }

    /// <summary>Numbers and booleans must be plain: a quoted "42" is a string in YAML, and accepting it would hide a typo elsewhere.</summary>
    private string? PlainScalar(YamlNode node, string field, string what)
    {
        if (node is YamlScalarNode { Style: ScalarStyle.Plain } s && !IsNull(s)) return s.Value;
        var got = node is YamlScalarNode { Style: not ScalarStyle.Plain } q ? $"the quoted string '{q.Value}'" : Describe(node);
        Error(node, field, $"expected {what}, got {got}");
        return null;
    }

    // ---- structure ----

    private YamlMappingNode? Mapping(YamlNode node, string field)
    {
        if (node is YamlMappingNode map) return map;
        Error(node, field, $"expected a mapping, got {Describe(node)}");
        return null;
    }

    private YamlSequenceNode? Sequence(YamlNode node, string field)
    {
        if (node is YamlSequenceNode seq) return seq;
        Error(node, field, $"expected a list, got {Describe(node)}");
        return null;
    }

    /// <summary>The known keys of <paramref name="map"/> by name; every other key is reported, with the nearest known one as a suggestion.</summary>
    private Dictionary<string, YamlNode> Keys(YamlMappingNode map, string path, IEnumerable<string> known)
    {
        var knownSet = known as IReadOnlyCollection<string> ?? known.ToList();
        KeysAccepted?.Invoke(path, knownSet);
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key } || IsNull(keyNode))
            {
                Error(keyNode, path, $"keys must be plain names, got {Describe(keyNode)}");
                continue;
            }
            var field = path.Length == 0 ? key : $"{path}.{key}";
            if (knownSet.Contains(key))
            {
                result[key] = value;
                continue;
            }
            var hint = KeySuggestions.Nearest(key, knownSet) is { } near
                ? $"did you mean '{near}'?"
                : $"known keys: {string.Join(", ", knownSet)}";
            Error(keyNode, field, $"unknown key '{key}'; {hint}");
        }
        return result;
    }

    private YamlNode? Required(YamlMappingNode map, Dictionary<string, YamlNode> keys, string path, string key)
    {
        if (keys.TryGetValue(key, out var node)) return node;
        Error(map, path.Length == 0 ? key : $"{path}.{key}", "is required");
        return null;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s when IsNull(s) => "nothing",
        YamlScalarNode s => $"'{s.Value}'",
        _ => "an alias",
    };

    private static string DescribePer(Population? per) => per is { } p ? $"per {p.ToString().ToLowerInvariant()}" : "a wall rate (no 'per')";

    private static string StripPosition(string message)
    {
        // YamlDotNet prefixes its messages with "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; our errors carry the position already.
        var cut = message.StartsWith("(Line:", StringComparison.Ordinal) ? message.IndexOf("): ", StringComparison.Ordinal) : -1;
        return cut >= 0 ? message[(cut + 3)..] : message;
    }

    private static int Line(Mark mark) => (int)mark.Line;

    private static int Column(Mark mark) => (int)mark.Column;

    private void Error(YamlNode node, string field, string message) => Error(node.Start, field, message);

    private void Error(Mark at, string field, string message) => _errors.Add(new ScenarioError(file, Line(at), Column(at), field, message));
}
