namespace MonitorSim.Sizing.Video;

/// <summary>A camera's main-stream resolution, as the table of typical bitrates lists them (docs/domain.md#video-sizing-practice).</summary>
public enum Resolution
{
    /// <summary>1280×720.</summary>
    Hd720,

    /// <summary>1920×1080.</summary>
    FullHd1080,

    /// <summary>3840×2160.</summary>
    Uhd4K,
}
