namespace MonitorSim.Sizing.Video;

/// <summary>A camera's video codec.</summary>
public enum Codec
{
    H264,
    H265,
}
