namespace MonitorSim.Load.Scenarios;

/// <summary>One problem in a scenario file, with its position (1-based; line 0 = the file as a whole).</summary>
/// <param name="Field">Dotted path of the offending key, e.g. <c>topology.cameras</c> or <c>scenarios[1].load[0].inject.rate</c>.</param>
public sealed record ScenarioError(string File, int Line, int Column, string Field, string Message)
{
    /// <summary><c>file:line:col: field: message</c> (the field part is left out when there is none).</summary>
    public override string ToString() =>
        Field.Length == 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}:{Line}:{Column}: {Field}: {Message}";
}
