namespace MonitorSim.Cli.Tests;

/// <summary>
/// The small city the multi-node tests run: 6 platforms, 300 cameras; keepalives every 3 s (100/s) and 10 alarms/s;
/// every acknowledged alarm must be in the journal. Its one fault, if any, is on line 19 (tests name that line).
/// </summary>
internal static class SmallCityScenario
{
    /// <summary>The scenario's YAML on <paramref name="store"/>, with <paramref name="fault"/> (a fault mapping, e.g.
    /// <c>{ at: 15s, kill_node: 2 }</c>) as its only fault, or none when null.</summary>
    public static string Yaml(string store, string? fault, string duration = "40s", int seed = 42) =>
        $$"""
         name: small_city
         seed: {{seed}}
         duration: {{duration}}
         warm_up: 5s
         report_interval: 1s
         completion_timeout: 3s
         store: "{{store}}"
         topology: { platforms: 6, points: 60, cameras: 300, co_handling: { centres: 4, posts: 8 } }
         scenarios:
           - name: keepalive
             operation: keepalive
             load:
               - periodic: { every: 3s, per: camera }
           - name: alarm
             operation: alarm
             load:
               - inject: { rate: 10, interval: 1s }
         faults:{{(fault is null ? " []" : $"\n  - {fault}")}}
         thresholds:
           - "alarms_lost == 0"

         """;
}
