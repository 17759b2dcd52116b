namespace MonitorSim.Sizing.Video;

/// <summary>
/// The video backbone calculator (docs/domain.md#video-sizing-practice): per platform, ingest = cameras × mean bitrate × duty cycle; storage =
/// ingest × retention; disks = storage / (disk size × usable fraction), rounded up; uplink = the platform's share of the
/// city's live views × view bitrate. Decimal units (<see cref="DataUnits"/>).
/// </summary>
public static class VideoBackbone
{
    public const string TotalName = "total";

    // A quotient that is whole up to rounding (e.g. 28.800000000000004 disks' worth) must not buy one more disk.
    private const double WholeTolerance = 1e-9;

    /// <summary>Plans the backbone of <paramref name="platforms"/>; throws <see cref="ArgumentException"/> on a spec or camera
    /// count that cannot be planned.</summary>
    public static VideoBackbonePlan Plan(IReadOnlyList<PlatformCameras> platforms, VideoSpec spec)
    {
        ArgumentNullException.ThrowIfNull(platforms);
        ArgumentNullException.ThrowIfNull(spec);
        Validate(platforms, spec);

        var totalCameras = platforms.Sum(p => (long)p.Cameras);
        var mean = spec.MeanBitrateMbps;
        var hours = spec.RetentionDays * DataUnits.HoursPerDay;
        var usableTb = spec.DiskTb * spec.UsableFraction;

        VideoFigures Figures(string name, int cameras)
        {
            var peak = cameras * mean;
            var ingest = peak * spec.DutyCycle;
            var storage = DataUnits.Tb(ingest, hours);
            var views = totalCameras == 0 ? 0 : spec.LiveViews * (double)cameras / totalCameras;
            return new VideoFigures(name, cameras, ingest, peak, storage, Disks(storage, usableTb), views, views * spec.EffectiveViewBitrateMbps);
        }

        var perPlatform = platforms.Select(p => Figures(p.Name, p.Cameras)).ToList();
        var total = new VideoFigures(
            TotalName,
            (int)totalCameras,
            perPlatform.Sum(f => f.IngestMbps),
            perPlatform.Sum(f => f.PeakIngestMbps),
            perPlatform.Sum(f => f.StorageTb),
            perPlatform.Sum(f => f.Disks),
            spec.LiveViews,
            spec.LiveViews * spec.EffectiveViewBitrateMbps);
        return new VideoBackbonePlan(spec, perPlatform, total);
    }

    /// <summary>
    /// The backbone once the city has grown by <paramref name="growth"/> (the plan's growth over its horizon): every
    /// platform's cameras × growth, to the nearest whole camera, planned with the same spec. The live views are the city's
    /// (a video wall and its operators), so they and the uplinks stay as they are.
    /// </summary>
    public static VideoBackbonePlan AtGrowth(VideoBackbonePlan plan, double growth)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!double.IsFinite(growth) || growth <= 0) throw new ArgumentOutOfRangeException(nameof(growth), growth, "growth must be a finite number > 0");
        var grown = plan.Platforms.Select(p =>
        {
            var cameras = Math.Round(p.Cameras * growth, MidpointRounding.AwayFromZero);
            if (cameras > int.MaxValue) throw new ArgumentException($"platform {p.Name}: {p.Cameras} cameras × growth {growth} is too many cameras", nameof(growth));
            return new PlatformCameras(p.Name, (int)cameras);
        }).ToList();
        return Plan(grown, plan.Spec);
    }

    /// <summary>Whole disks of <paramref name="usableTb"/> each to hold <paramref name="storageTb"/>.</summary>
    public static int Disks(double storageTb, double usableTb) =>
        storageTb <= 0 ? 0 : (int)Math.Ceiling(storageTb / usableTb - WholeTolerance);

    private static void Validate(IReadOnlyList<PlatformCameras> platforms, VideoSpec spec)
    {
        if (platforms.Count == 0) throw new ArgumentException("needs at least one platform", nameof(platforms));
        foreach (var p in platforms)
            if (p.Cameras < 0) throw new ArgumentException($"platform {p.Name}: cameras must be >= 0, got {p.Cameras}", nameof(platforms));
        if (platforms.Sum(p => (long)p.Cameras) > int.MaxValue) throw new ArgumentException("too many cameras", nameof(platforms));

        if (spec.Mix.Count == 0) throw new ArgumentException("the mix needs at least one kind of stream", nameof(spec));
        foreach (var s in spec.Mix)
        {
            if (!double.IsFinite(s.BitrateMbps) || s.BitrateMbps <= 0) throw new ArgumentException($"mix {s.Name}: bitrate must be > 0 Mbps, got {s.BitrateMbps}", nameof(spec));
            if (!double.IsFinite(s.Share) || s.Share < 0) throw new ArgumentException($"mix {s.Name}: share must be >= 0, got {s.Share}", nameof(spec));
        }
        var shares = spec.Mix.Sum(s => s.Share);
        if (Math.Abs(shares - 1) > 1e-6) throw new ArgumentException($"the mix's shares must add up to 1, got {shares}", nameof(spec));
        if (!(spec.DutyCycle is > 0 and <= 1)) throw new ArgumentException($"duty cycle must lie in (0, 1], got {spec.DutyCycle}", nameof(spec));
        if (!double.IsFinite(spec.RetentionDays) || spec.RetentionDays <= 0) throw new ArgumentException($"retention must be > 0 days, got {spec.RetentionDays}", nameof(spec));
        if (!double.IsFinite(spec.DiskTb) || spec.DiskTb <= 0) throw new ArgumentException($"disk size must be > 0 TB, got {spec.DiskTb}", nameof(spec));
        if (!(spec.UsableFraction is > 0 and <= 1)) throw new ArgumentException($"usable fraction must lie in (0, 1], got {spec.UsableFraction}", nameof(spec));
        if (spec.LiveViews < 0) throw new ArgumentException($"live views must be >= 0, got {spec.LiveViews}", nameof(spec));
        if (spec.ViewBitrateMbps is { } v && (!double.IsFinite(v) || v <= 0)) throw new ArgumentException($"view bitrate must be > 0 Mbps, got {v}", nameof(spec));
    }
}
