namespace MonitorSim.Domain.Topology;

/// <summary>Index of a camera in its topology (0-based, dense; a point's cameras are contiguous).</summary>
public readonly record struct CameraId(int Value)
{
    public override string ToString() => $"cam{Value}";
}
