namespace MonitorSim.Load.Results;

/// <summary>A threshold as written in the scenario, the value it saw, and whether it held.</summary>
public sealed record ThresholdResult(string Expr, double? Value, bool Passed, string? Error = null);
