namespace MonitorSim.Domain.Topology;

/// <summary>Index of a service point in its topology (0-based, dense; a platform's points are contiguous).</summary>
public readonly record struct PointId(int Value)
{
    public override string ToString() => $"pt{Value}";
}
