using MonitorSim.Load.Scenarios;

namespace MonitorSim.Load.Tests.Scenarios;

/// <summary>Small helpers for feeding YAML to the loader and getting its errors back.</summary>
internal static class ScenarioYaml
{
    public const string SourceName = "test.yaml";

    /// <summary>The smallest valid scenario; tests append or replace sections.</summary>
    public const string Minimal = """
        name: minimal
        scenarios:
          - name: keepalive
            operation: keepalive
            load:
              - periodic: { every: 60s, per: camera }
        """;

    public static ScenarioDefinition Parse(string yaml) => ScenarioLoader.Parse(yaml, SourceName);

    public static IReadOnlyList<ScenarioError> Errors(string yaml) =>
        Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml, SourceName)).Errors;

    /// <summary>A minimal scenario whose only stream has the given load steps (YAML list items, indented by the caller's 6 spaces).</summary>
    public static string WithSteps(string operation, string steps) => $"""
        name: steps
        scenarios:
          - name: s
            operation: {operation}
            load:
        {steps}
        """;
}
