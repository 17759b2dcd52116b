namespace MonitorSim.Load.Results;

/// <summary>A threshold as written in the scenario, the value it saw at the end, and whether it held at every check.</summary>
/// <param name="Value">The metric on the final figures (null: no such metric in the run).</param>
/// <param name="Checks">How many times it was checked: once per reporting interval after the warm-up, and at the end.</param>
/// <param name="FailedChecks">How many of those checks failed.</param>
/// <param name="FirstFailedAtS">Run time of the first failed interval check, if any.</param>
public sealed record ThresholdResult(string Expr, double? Value, bool Passed, string? Error = null, int Checks = 0, int FailedChecks = 0,
    double? FirstFailedAtS = null);
