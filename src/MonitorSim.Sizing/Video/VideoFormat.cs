namespace MonitorSim.Sizing.Video;

/// <summary>A resolution and codec, named as a scenario writes it: <c>720p_h264</c>, <c>1080p_h265</c>, <c>4k_h264</c> …</summary>
public readonly record struct VideoFormat(Resolution Resolution, Codec Codec)
{
    /// <summary>Every format, in table order (resolution, then codec).</summary>
    public static IReadOnlyList<VideoFormat> All { get; } =
    [
        .. from r in Enum.GetValues<Resolution>() from c in Enum.GetValues<Codec>() select new VideoFormat(r, c),
    ];

    /// <summary>The scenario name, e.g. <c>1080p_h265</c>.</summary>
    public string Name => $"{ResolutionName(Resolution)}_{(Codec == Codec.H264 ? "h264" : "h265")}";

    /// <summary>Finds a format by its scenario name (exact, lower-case).</summary>
    public static bool TryParse(string name, out VideoFormat format)
    {
        foreach (var f in All)
        {
            if (f.Name != name) continue;
            format = f;
            return true;
        }
        format = default;
        return false;
    }

    public override string ToString() => Name;

    private static string ResolutionName(Resolution r) => r switch
    {
        Resolution.Hd720 => "720p",
        Resolution.FullHd1080 => "1080p",
        Resolution.Uhd4K => "4k",
        _ => throw new ArgumentOutOfRangeException(nameof(r), r, null),
    };
}
