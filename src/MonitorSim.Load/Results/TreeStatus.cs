namespace MonitorSim.Load.Results;

/// <summary>The city's rolled-up view of the tree at one moment.</summary>
public sealed record TreeStatus(int CamerasOnline, int CamerasOffline, int ActiveAlarms)
{
    public static TreeStatus Unknown { get; } = new(0, 0, 0);
}
