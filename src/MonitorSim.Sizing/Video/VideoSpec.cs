namespace MonitorSim.Sizing.Video;

/// <summary>
/// What the cameras send and how long it is kept: the scenario's <c>video</c> section. Defaults are docs/domain.md's worked
/// example (every camera at 2 Mbps, recording around the clock, kept 30 days, disks 90 % usable); the disk size and the
/// live views are assumptions, since the seed names neither.
/// </summary>
public sealed record VideoSpec
{
    /// <summary>The worked example of docs/domain.md#video-sizing-practice: 2 Mbps for every camera.</summary>
    public static IReadOnlyList<VideoStream> WorkedExampleMix { get; } = [new("2mbps", 2, 1)];

    /// <summary>Assumption: 16 TB, a common surveillance hard disk size today.</summary>
    public const double DefaultDiskTb = 16;

    /// <summary>Practice (docs/domain.md#video-sizing-practice): usable disk ≈ 0.9 of its raw size (file system, RAID and reserve take the rest).</summary>
    public const double DefaultUsableFraction = 0.9;

    /// <summary>Assumption: 200 streams watched live at the city at once (video wall and operators' clients).</summary>
    public const int DefaultLiveViews = 200;

    /// <summary>The kinds of camera stream and their shares of the cameras (the shares add up to 1).</summary>
    public IReadOnlyList<VideoStream> Mix { get; init; } = WorkedExampleMix;

    /// <summary>Share of the time a camera records (1 = continuously; motion-triggered recording is lower), 0–1.</summary>
    public double DutyCycle { get; init; } = 1;

    /// <summary>How long recordings are kept, days.</summary>
    public double RetentionDays { get; init; } = 30;

    /// <summary>Raw size of one disk, TB (10^12 bytes).</summary>
    public double DiskTb { get; init; } = DefaultDiskTb;

    /// <summary>Share of a disk's raw size that holds video, 0–1.</summary>
    public double UsableFraction { get; init; } = DefaultUsableFraction;

    /// <summary>Streams watched live at the city at the same time; each crosses the platform's uplink to the city.</summary>
    public int LiveViews { get; init; } = DefaultLiveViews;

    /// <summary>Bitrate of one live view, Mbps; null: the mix's mean bitrate (live views show the main stream).</summary>
    public double? ViewBitrateMbps { get; init; }

    /// <summary>Σ share × bitrate: a camera's mean bitrate while recording, Mbps.</summary>
    public double MeanBitrateMbps => Mix.Sum(s => s.Share * s.BitrateMbps);

    /// <summary>What one live view takes, Mbps.</summary>
    public double EffectiveViewBitrateMbps => ViewBitrateMbps ?? MeanBitrateMbps;

    /// <summary>The worked example (docs/domain.md#video-sizing-practice) with every default.</summary>
    public static VideoSpec WorkedExample { get; } = new();
}
