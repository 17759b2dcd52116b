using System.Text.Json.Nodes;

namespace MonitorSim.Load.Tests.Scenarios.Schema;

/// <summary>
/// What a JSON Schema declares, place by place, in the reader's path form (<c>""</c> for the root, list items as
/// <c>[]</c>: <c>scenarios[].load[].inject</c>): each object's <c>properties</c>, following <c>$ref</c> and every branch
/// of <c>anyOf</c>, <c>oneOf</c> and <c>allOf</c>; and where in the schema file a place's keys are declared (a JSON
/// pointer), so a failure can say where to add one.
/// </summary>
internal sealed class SchemaKeys
{
    private readonly JsonNode _root;

    public SchemaKeys(JsonNode root)
    {
        _root = root;
        Walk(root, "", "", 0);
    }

    /// <summary>Place → the keys declared there.</summary>
    public Dictionary<string, SortedSet<string>> Keys { get; } = new(StringComparer.Ordinal);

    /// <summary>(Place, key) → the JSON pointers declaring it (one per branch; places reached through one <c>$ref</c>
    /// share its pointers).</summary>
    public Dictionary<(string Place, string Key), SortedSet<string>> DeclaredAt { get; } = [];

    /// <summary>Place → the JSON pointer of the first schema object found there.</summary>
    public Dictionary<string, string> Pointers { get; } = new(StringComparer.Ordinal);

    public bool Declares(string place, string key) => Keys.TryGetValue(place, out var keys) && keys.Contains(key);

    private void Walk(JsonNode? node, string place, string pointer, int depth)
    {
        if (node is not JsonObject o || depth > 40) return;
        if (o["$ref"]?.GetValue<string>() is { } reference)
        {
            var target = reference.TrimStart('#');
            Walk(Resolve(target), place, target, depth + 1);
        }
        Pointers.TryAdd(place, pointer);
        if (o["properties"] is JsonObject properties)
        {
            if (!Keys.TryGetValue(place, out var keys)) Keys[place] = keys = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var (key, sub) in properties)
            {
                keys.Add(key);
                if (!DeclaredAt.TryGetValue((place, key), out var at)) DeclaredAt[(place, key)] = at = new SortedSet<string>(StringComparer.Ordinal);
                at.Add($"{pointer}/properties/{key}");
                Walk(sub, place.Length == 0 ? key : $"{place}.{key}", $"{pointer}/properties/{key}", depth + 1);
            }
        }
        if (o["items"] is { } items) Walk(items, place + "[]", pointer + "/items", depth + 1);
        foreach (var combinator in new[] { "anyOf", "oneOf", "allOf" })
            if (o[combinator] is JsonArray branches)
                for (var i = 0; i < branches.Count; i++) Walk(branches[i], place, $"{pointer}/{combinator}/{i}", depth + 1);
    }

    private JsonNode? Resolve(string pointer)
    {
        var node = _root;
        foreach (var part in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries)) node = node?[part.Replace("~1", "/").Replace("~0", "~")];
        return node ?? throw new InvalidOperationException($"$ref #{pointer} points at nothing");
    }

    /// <summary>The places and keys a JSON document uses, in the same form.</summary>
    public static HashSet<(string Place, string Key)> Used(JsonNode? node, string place = "")
    {
        var used = new HashSet<(string, string)>();
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, sub) in o)
                {
                    used.Add((place, key));
                    used.UnionWith(Used(sub, place.Length == 0 ? key : $"{place}.{key}"));
                }
                break;
            case JsonArray a:
                foreach (var item in a) used.UnionWith(Used(item, place + "[]"));
                break;
        }
        return used;
    }
}
