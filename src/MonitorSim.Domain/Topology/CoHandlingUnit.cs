namespace MonitorSim.Domain.Topology;

/// <summary>A co-handling centre or post (全程协办), placed at a service point.</summary>
public sealed record CoHandlingUnit(int Index, bool IsCentre, PointId At, string Path);
