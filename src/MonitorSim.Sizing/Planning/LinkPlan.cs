namespace MonitorSim.Sizing.Planning;

/// <summary>Signalling traffic on one kind of link at production load (decimal units, both directions summed).</summary>
public sealed record LinkPlan(string Link, int Links, double TotalMbps, double MeanPerLinkKbps, double BusiestLinkKbps, IReadOnlyList<string> Operations);
