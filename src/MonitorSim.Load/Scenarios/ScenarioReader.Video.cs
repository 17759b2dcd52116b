using System.Globalization;
using MonitorSim.Sizing.Video;
using YamlDotNet.RepresentationModel;

namespace MonitorSim.Load.Scenarios;

/// <summary>The <c>video:</c> section: what the cameras send and how long it is kept
/// (docs/scenarios.md#video).</summary>
/// <remarks>
/// <code>
/// video:
///   mix: { 1080p_h264: 0.5, 1080p_h265: 0.3, 720p_h264: 0.2 }   # shares of the cameras, adding up to 1
///   h265_saving: 0.3          # H.265's saving on H.264's bitrate (practice: 10–50 %)
///   bitrate_mbps: { 720p_h264: 2.0 }   # overrides the table for formats of the mix
///   duty_cycle: 1.0           # share of the time a camera records
///   retention: 30d
///   disk_tb: 16
///   usable_fraction: 0.9
///   live_views: 200           # concurrent live views at the city
///   view_bitrate_mbps: 2      # default: the mix's mean bitrate
/// </code>
/// Every key is optional; what is left out keeps the worked example of docs/domain.md#video-sizing-practice (<see cref="VideoSpec.WorkedExample"/>).
/// </remarks>
internal sealed partial class ScenarioReader
{
    private static readonly string[] VideoKeys =
        ["mix", "h265_saving", "bitrate_mbps", "duty_cycle", "retention", "disk_tb", "usable_fraction", "live_views", "view_bitrate_mbps"];

    // Shares written with a few decimals (0.33, 0.33, 0.34) add up to 1 only so closely.
    private const double MixSumTolerance = 1e-3;

    private VideoSpec ReadVideo(YamlNode node)
    {
        const string path = "video";
        var d = VideoSpec.WorkedExample;
        if (IsNull(node) || Mapping(node, path) is not { } map) return d;
        var keys = Keys(map, path, VideoKeys);

        var saving = keys.TryGetValue("h265_saving", out var n)
            ? ReadShare(n, $"{path}.h265_saving", allowZero: true, allowOne: false) ?? TypicalBitrates.DefaultH265Saving
            : TypicalBitrates.DefaultH265Saving;
        var overrides = keys.TryGetValue("bitrate_mbps", out var overridesNode) ? ReadBitrates(overridesNode, $"{path}.bitrate_mbps") : [];
        var mix = d.Mix;
        if (keys.TryGetValue("mix", out var mixNode))
            mix = ReadVideoMix(mixNode, $"{path}.mix", saving, overrides) ?? d.Mix;
        else if (overrides.Count > 0)
            Error(overridesNode!, $"{path}.bitrate_mbps", "overrides the bitrates of formats in video.mix, and there is no video.mix (the default is 2 Mbps for every camera)");

        return new VideoSpec
        {
            Mix = mix,
            DutyCycle = keys.TryGetValue("duty_cycle", out n) ? ReadShare(n, $"{path}.duty_cycle", allowZero: false, allowOne: true) ?? d.DutyCycle : d.DutyCycle,
            RetentionDays = keys.TryGetValue("retention", out n) && ReadDuration(n, $"{path}.retention", positive: true) is { } r ? r.TotalDays : d.RetentionDays,
            DiskTb = keys.TryGetValue("disk_tb", out n) ? ReadDouble(n, $"{path}.disk_tb", min: 0, exclusiveMin: true) ?? d.DiskTb : d.DiskTb,
            UsableFraction = keys.TryGetValue("usable_fraction", out n) ? ReadShare(n, $"{path}.usable_fraction", allowZero: false, allowOne: true) ?? d.UsableFraction : d.UsableFraction,
            LiveViews = keys.TryGetValue("live_views", out n) ? ReadInt(n, $"{path}.live_views", min: 0) ?? d.LiveViews : d.LiveViews,
            ViewBitrateMbps = keys.TryGetValue("view_bitrate_mbps", out n) ? ReadDouble(n, $"{path}.view_bitrate_mbps", min: 0, exclusiveMin: true) : d.ViewBitrateMbps,
        };
    }

    /// <summary>Shares of the cameras per format, each at its table bitrate (or its override), normalised to add up to exactly 1.</summary>
    private List<VideoStream>? ReadVideoMix(YamlNode node, string path, double h265Saving, Dictionary<VideoFormat, (double Mbps, YamlNode Node)> overrides)
    {
        if (Mapping(node, path) is not { } map) return null;
        var keys = Keys(map, path, VideoFormat.All.Select(f => f.Name));
        var shares = new List<(VideoFormat Format, double Share)>();
        // An unknown format is reported already; the sum of the rest would only repeat the mistake.
        var valid = keys.Count == map.Children.Count;
        foreach (var (key, valueNode) in keys)
        {
            if (!VideoFormat.TryParse(key, out var format)) continue; // never: Keys passes known formats only
            if (ReadDouble(valueNode, $"{path}.{key}", min: 0, exclusiveMin: false) is { } share) shares.Add((format, share));
            else valid = false;
        }

        foreach (var (format, (_, overrideNode)) in overrides)
            if (!keys.ContainsKey(format.Name))
                Error(overrideNode, $"video.bitrate_mbps.{format.Name}", $"{format.Name} is not in {path}; an override applies to a format of the mix");
        if (!valid) return null;

        var sum = shares.Sum(s => s.Share);
        if (Math.Abs(sum - 1) > MixSumTolerance)
        {
            Error(map, path, shares.Count == 0
                ? "needs at least one format with its share of the cameras (e.g. { 1080p_h264: 0.6, 720p_h264: 0.4 })"
                : string.Create(CultureInfo.InvariantCulture, $"the shares of the cameras must add up to 1, got {sum:0.####}"));
            return null;
        }
        return shares
            .Select(s => new VideoStream(
                s.Format.Name,
                overrides.TryGetValue(s.Format, out var o) ? o.Mbps : TypicalBitrates.Mbps(s.Format, h265Saving),
                s.Share / sum))
            .ToList();
    }

    private Dictionary<VideoFormat, (double Mbps, YamlNode Node)> ReadBitrates(YamlNode node, string path)
    {
        var result = new Dictionary<VideoFormat, (double, YamlNode)>();
        if (Mapping(node, path) is not { } map) return result;
        foreach (var (key, valueNode) in Keys(map, path, VideoFormat.All.Select(f => f.Name)))
        {
            if (!VideoFormat.TryParse(key, out var format)) continue; // never: Keys passes known formats only
            if (ReadDouble(valueNode, $"{path}.{key}", min: 0, exclusiveMin: true) is { } mbps) result[format] = (mbps, valueNode);
        }
        return result;
    }

    /// <summary>A share from 0 to 1, its ends allowed or not.</summary>
    private double? ReadShare(YamlNode node, string field, bool allowZero, bool allowOne)
    {
        if (ReadDouble(node, field, min: 0, exclusiveMin: !allowZero) is not { } value) return null;
        if (allowOne ? value <= 1 : value < 1) return value;
        Error(node, field, string.Create(CultureInfo.InvariantCulture, $"must be {(allowOne ? "at most 1" : "below 1")}, got {value}"));
        return null;
    }
}
