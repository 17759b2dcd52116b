namespace MonitorSim.Domain.Topology;

/// <summary>A second-level platform and the contiguous ranges of points and cameras below it.</summary>
/// <param name="Path">Name as a path, e.g. <c>xz/tongshan/p07</c>.</param>
public sealed record PlatformInfo(
    PlatformId Id,
    string Path,
    int Division,
    PointId FirstPoint,
    int PointCount,
    CameraId FirstCamera,
    int CameraCount);
