namespace MonitorSim.Sizing.Planning;

/// <summary>One service-level objective checked on a load step: the expression, the value measured, whether it held.</summary>
public sealed record SloVerdict(string Expr, double? Value, bool Passed);
