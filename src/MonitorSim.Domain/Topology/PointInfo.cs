namespace MonitorSim.Domain.Topology;

/// <summary>A service point and the contiguous range of its cameras.</summary>
/// <param name="Path">Name as a path, e.g. <c>xz/tongshan/p07/pt0412</c>; camera k is <c>{Path}/cam{k}</c>.</param>
public sealed record PointInfo(
    PointId Id,
    PlatformId Platform,
    string Path,
    PointKind Kind,
    CameraId FirstCamera,
    int CameraCount);
