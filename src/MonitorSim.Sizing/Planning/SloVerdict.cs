namespace MonitorSim.Sizing.Planning;

/// <summary>One service-level objective checked on a load step: the expression, the value measured, whether it held.</summary>
/// <param name="LatencyLimitMs">For a ceiling on a latency (<c>alarm.p99 &lt; 250ms</c>), its limit in milliseconds; null for
/// an objective on counts, shares or rates (<c>timed_out == 0</c>, <c>alarm.fail_pct &lt; 0.1%</c>).</param>
public sealed record SloVerdict(string Expr, double? Value, bool Passed, double? LatencyLimitMs = null);
