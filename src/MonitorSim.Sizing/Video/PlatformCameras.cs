namespace MonitorSim.Sizing.Video;

/// <summary>A second-level platform and how many cameras record to it.</summary>
/// <param name="Name">The platform's name, e.g. its topology path <c>xz/tongshan/p07</c>.</param>
public sealed record PlatformCameras(string Name, int Cameras);
