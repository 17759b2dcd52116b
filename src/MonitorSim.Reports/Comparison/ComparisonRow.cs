namespace MonitorSim.Reports.Comparison;

/// <summary>One metric across the compared runs; <see cref="Values"/> has one entry per run (null where a run lacks it).</summary>
/// <param name="LowerIsBetter">For the verdict on a difference: latency and failures are better lower, throughput higher;
/// null for facts that are neither (seed, load factor).</param>
public sealed record ComparisonRow(string Group, string Metric, IReadOnlyList<double?> Values, string Unit, bool? LowerIsBetter);
