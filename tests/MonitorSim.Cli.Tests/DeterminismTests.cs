using System.Text.Json;

namespace MonitorSim.Cli.Tests;

/// <summary>The seed fixes what is built and what is offered; only the system's answers may vary between runs.</summary>
[Collection(TreeRunCollection.Name)]
public sealed class DeterminismTests
{
    // Wall-clock measurements inside the topology object; everything else in it is determined by the seed.
    private static readonly string[] TimedTopologyKeys = ["build_ms", "start_ms"];

    [Fact]
    public async Task Same_seed_gives_identical_topology_and_offered_counts()
    {
        using var dir = new TempDir();
        var first = await RunAsync(dir, "a");
        var second = await RunAsync(dir, "b");

        Assert.Equal(7, first.Long("seed"));
        Assert.Equal(7, second.Long("seed"));
        var firstTopology = Topology(first);
        Assert.False(string.IsNullOrEmpty(first.Text("topology.fingerprint")), "topology.fingerprint is empty");
        Assert.Equal(firstTopology, Topology(second));

        Assert.Equal(first.Long("operations.offered"), second.Long("operations.offered"));
        var firstOffered = first.OfferedPerStream();
        Assert.Contains("keepalive", firstOffered.Keys);
        Assert.Contains("alarm", firstOffered.Keys);
        Assert.Equal(firstOffered.OrderBy(p => p.Key, StringComparer.Ordinal), second.OfferedPerStream().OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    private static async Task<JsonElement> RunAsync(TempDir dir, string name)
    {
        // Each run on its own store: a second run on the same store would recover the first's state.
        var scenario = TinyScenario.WriteTo(dir, $"{name}.yaml", store: $"sqlite:{dir.File(name, "store.db")}");
        var report = dir.File(name, "report");
        (await Cli.RunAsync("run", scenario, "--seed", "7", "--out", report)).ExpectExit(0);
        return Summary.Read(report);
    }

    private static SortedDictionary<string, string> Topology(JsonElement summary) =>
        new(summary.At("topology").EnumerateObject()
            .Where(p => !TimedTopologyKeys.Contains(p.Name))
            .ToDictionary(p => p.Name, p => p.Value.GetRawText()), StringComparer.Ordinal);
}
