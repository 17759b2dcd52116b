namespace MonitorSim.Sizing.Planning;

/// <summary>One operation's bytes on one kind of network link at production load.</summary>
/// <param name="Link">The kind of link (e.g. <c>point → platform</c>).</param>
/// <param name="Operation">The operation that sends them.</param>
/// <param name="BytesPerOperation">Bytes both ways on this link per operation.</param>
/// <param name="Links">How many links of this kind the city has (e.g. one per service point).</param>
/// <param name="BusiestShare">The busiest link's share of this operation's traffic (e.g. its cameras over all cameras).</param>
public sealed record LinkTraffic(string Link, string Operation, double BytesPerOperation, int Links, double BusiestShare);
