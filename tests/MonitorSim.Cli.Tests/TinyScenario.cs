namespace MonitorSim.Cli.Tests;

/// <summary>A scenario small enough to run the whole tree in a few seconds: 3 platforms, 12 points, 30 cameras.</summary>
internal static class TinyScenario
{
    public const string Name = "tiny";

    /// <summary>The scenario's YAML; <paramref name="store"/> is written as is (e.g. <c>sqlite:/tmp/x/store.db</c> or <c>memory</c>).</summary>
    public static string Yaml(string store, string threshold = "alarm.p99 < 5s", int seed = 42) =>
        $$"""
         name: {{Name}}
         seed: {{seed}}
         duration: 4s
         warm_up: 2s
         report_interval: 1s
         completion_timeout: 2s
         store: "{{store}}"
         topology: { platforms: 3, points: 12, cameras: 30, co_handling: { centres: 2, posts: 4 } }
         scenarios:
           - name: keepalive
             operation: keepalive
             load:
               - periodic: { every: 2s, per: camera }
           - name: alarm
             operation: alarm
             load:
               - inject: { rate: 20, interval: 1s }
           - name: service_flow
             operation: service_flow
             load:
               - inject: { rate: 10, interval: 1s }
           - name: registration
             operation: registration
             load:
               - periodic: { every: 30s, per: camera }
         thresholds:
           - "{{threshold}}"

         """;

    /// <summary>Writes the scenario into <paramref name="dir"/> with a SQLite store there, and returns the file's path.</summary>
    public static string WriteTo(TempDir dir, string fileName = "tiny.yaml", string threshold = "alarm.p99 < 5s", string? store = null)
    {
        var path = dir.File(fileName);
        File.WriteAllText(path, Yaml(store ?? $"sqlite:{dir.File("store.db")}", threshold));
        return path;
    }

    /// <summary>1-based number of the first line of <paramref name="yaml"/> that contains <paramref name="text"/>.</summary>
    public static int LineOf(string yaml, string text)
    {
        var lines = yaml.Split('\n');
        for (var i = 0; i < lines.Length; i++)
            if (lines[i].Contains(text, StringComparison.Ordinal)) return i + 1;
        throw new ArgumentException($"'{text}' is not in the scenario", nameof(text));
    }
}
