namespace MonitorSim.Sizing.Planning;

/// <summary>The load steps a sizing run measured on one cluster size: the same geometric series of load factors, run on a
/// freshly started cluster of <paramref name="Nodes"/> nodes.</summary>
/// <param name="StopReason">Why this node count's steps ended.</param>
public sealed record NodeSeries(int Nodes, IReadOnlyList<StepMeasurement> Steps, string StopReason);
