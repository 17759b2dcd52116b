namespace MonitorSim.Domain.Topology;

/// <summary>Index of a second-level platform in its topology (0-based, dense).</summary>
public readonly record struct PlatformId(int Value)
{
    public override string ToString() => $"P{Value}";
}
