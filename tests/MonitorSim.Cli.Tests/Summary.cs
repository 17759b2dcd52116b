using System.Text.Json;

namespace MonitorSim.Cli.Tests;

/// <summary>Reads a run's summary.json and checks its shape with messages that name the missing key.</summary>
internal static class Summary
{
    public static JsonElement Read(string reportDir)
    {
        var path = Path.Combine(reportDir, "summary.json");
        Assert.True(File.Exists(path), $"{path} was not written");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    /// <summary>The value at a dotted path (e.g. <c>operations.offered</c>); fails the test if any part is missing.</summary>
    public static JsonElement At(this JsonElement root, string path)
    {
        var node = root;
        foreach (var key in path.Split('.'))
        {
            Assert.True(node.ValueKind == JsonValueKind.Object, $"summary.json: '{path}' — the parent of '{key}' is {node.ValueKind}, not an object");
            Assert.True(node.TryGetProperty(key, out var child), $"summary.json has no '{path}' (missing '{key}')");
            node = child;
        }
        return node;
    }

    /// <summary>The number at <paramref name="path"/>; fails if it is absent or not a number (null means "not measured").</summary>
    public static double Number(this JsonElement root, string path)
    {
        var value = root.At(path);
        Assert.True(value.ValueKind == JsonValueKind.Number, $"summary.json: '{path}' is {value.ValueKind}, expected a number");
        return value.GetDouble();
    }

    /// <summary>The run's <c>events</c> (faults injected, the sim day a run continues on), in order.</summary>
    public static IReadOnlyList<string> Events(this JsonElement root) =>
        root.At("events").EnumerateArray().Select(e => e.GetString() ?? "").ToList();

    public static long Long(this JsonElement root, string path)
    {
        var value = root.At(path);
        Assert.True(value.ValueKind == JsonValueKind.Number, $"summary.json: '{path}' is {value.ValueKind}, expected a number");
        return value.GetInt64();
    }

    public static string Text(this JsonElement root, string path)
    {
        var value = root.At(path);
        Assert.True(value.ValueKind == JsonValueKind.String, $"summary.json: '{path}' is {value.ValueKind}, expected a string");
        return value.GetString()!;
    }

    /// <summary>Offered (measured) operations per workload stream name.</summary>
    public static Dictionary<string, long> OfferedPerStream(this JsonElement root)
    {
        var workload = root.At("workload");
        Assert.Equal(JsonValueKind.Array, workload.ValueKind);
        return workload.EnumerateArray().ToDictionary(w => w.Text("name"), w => w.Long("offered"));
    }
}
