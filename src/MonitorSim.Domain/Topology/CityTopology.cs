namespace MonitorSim.Domain.Topology;

/// <summary>
/// The whole monitored tree, immutable: city → divisions → platforms → points → cameras, plus co-handling units.
/// Ranges are contiguous so that lookups are array indexing, not dictionaries.
/// </summary>
public sealed class CityTopology
{
    private readonly int[] _pointOfCamera;

    public CityTopology(
        TopologySpec spec,
        int seed,
        string city,
        IReadOnlyList<Division> divisions,
        IReadOnlyList<PlatformInfo> platforms,
        IReadOnlyList<PointInfo> points,
        IReadOnlyList<CoHandlingUnit> coHandling)
    {
        Spec = spec;
        Seed = seed;
        City = city;
        Divisions = divisions;
        Platforms = platforms;
        Points = points;
        CoHandling = coHandling;
        var cameras = 0;
        foreach (var p in points) cameras += p.CameraCount;
        _pointOfCamera = new int[cameras];
        foreach (var p in points)
            for (var c = 0; c < p.CameraCount; c++) _pointOfCamera[p.FirstCamera.Value + c] = p.Id.Value;
    }

    public TopologySpec Spec { get; }
    public int Seed { get; }

    /// <summary>Root path segment, e.g. <c>xz</c>.</summary>
    public string City { get; }

    public IReadOnlyList<Division> Divisions { get; }
    public IReadOnlyList<PlatformInfo> Platforms { get; }
    public IReadOnlyList<PointInfo> Points { get; }
    public IReadOnlyList<CoHandlingUnit> CoHandling { get; }

    public int CameraCount => _pointOfCamera.Length;

    public PointId PointOf(CameraId camera) => new(_pointOfCamera[camera.Value]);

    public PlatformId PlatformOf(CameraId camera) => Points[_pointOfCamera[camera.Value]].Platform;

    public PlatformId PlatformOf(PointId point) => Points[point.Value].Platform;

    /// <summary>Path name of a camera, e.g. <c>xz/tongshan/p07/pt0412/cam3</c>.</summary>
    public string PathOf(CameraId camera)
    {
        var point = Points[_pointOfCamera[camera.Value]];
        return $"{point.Path}/cam{camera.Value - point.FirstCamera.Value}";
    }
}
