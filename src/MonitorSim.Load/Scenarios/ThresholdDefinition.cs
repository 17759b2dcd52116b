using MonitorSim.Load.Thresholds;

namespace MonitorSim.Load.Scenarios;

/// <summary>A threshold of a scenario as written, parsed, and where it stands in the YAML file (for messages).</summary>
/// <param name="Abort">Checked every reporting interval after warm-up: a failure stops the run at once (exit 1).</param>
public sealed record ThresholdDefinition(string Text, ThresholdExpression Expression, int Line = 0, int Column = 0, bool Abort = false)
{
    /// <summary>Parses <paramref name="text"/>; for thresholds built in code, e.g. from the command line.</summary>
    public static ThresholdDefinition Parse(string text) => new(text, ThresholdExpression.Parse(text));
}
