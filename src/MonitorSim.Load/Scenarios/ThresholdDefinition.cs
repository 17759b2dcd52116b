using MonitorSim.Load.Thresholds;

namespace MonitorSim.Load.Scenarios;

/// <summary>A threshold of a scenario as written, parsed, and where it stands in the YAML file (for messages).</summary>
public sealed record ThresholdDefinition(string Text, ThresholdExpression Expression, int Line = 0, int Column = 0)
{
    /// <summary>Parses <paramref name="text"/>; for thresholds built in code, e.g. from the command line.</summary>
    public static ThresholdDefinition Parse(string text) => new(text, ThresholdExpression.Parse(text));
}
