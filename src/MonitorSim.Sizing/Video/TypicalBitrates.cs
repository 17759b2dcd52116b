namespace MonitorSim.Sizing.Video;

/// <summary>
/// Average main-stream bitrates of video sizing practice (docs/domain.md#video-sizing-practice): H.264 at 30 fps averages 2.3 Mbps at 720p,
/// 5.5 Mbps at 1080p and 20 Mbps at 4K; H.265 saves 10–50 % on that.
/// </summary>
public static class TypicalBitrates
{
    /// <summary>H.265's saving over H.264 when a scenario gives none: the middle of practice's 10–50 % (an assumption:
    /// the saving depends on the scene and the encoder).</summary>
    public const double DefaultH265Saving = 0.3;

    /// <summary>H.264 at 30 fps, Mbps (docs/domain.md#video-sizing-practice).</summary>
    public static double H264Mbps(Resolution resolution) => resolution switch
    {
        Resolution.Hd720 => 2.3,
        Resolution.FullHd1080 => 5.5,
        Resolution.Uhd4K => 20,
        _ => throw new ArgumentOutOfRangeException(nameof(resolution), resolution, null),
    };

    /// <summary>The format's bitrate, Mbps: H.264 from the table, H.265 the same less <paramref name="h265Saving"/> (0 ≤ s &lt; 1).</summary>
    public static double Mbps(VideoFormat format, double h265Saving = DefaultH265Saving)
    {
        if (!(h265Saving is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(h265Saving), h265Saving, "a saving is a share from 0 up to (not including) 1");
        var h264 = H264Mbps(format.Resolution);
        return format.Codec == Codec.H265 ? h264 * (1 - h265Saving) : h264;
    }
}
