namespace MonitorSim.Domain.Topology;

/// <summary>One city of a province: its name (the path root of its platforms, points and cameras) and its size.</summary>
public sealed record CitySpec(string Name, TopologySpec Topology);

/// <summary>
/// A province of cities, each a tree of its own (its own platforms, points and cameras, numbered from 0) under a city
/// platform that cascades to the province platform (GB/T 28181 city → province). <see cref="Whole"/> lays the cities
/// end to end — city 0's cameras first, then city 1's — so that the load engine sees one topology and numbers cameras,
/// points and co-handling units province-wide; the lookups here turn a province-wide number back into a city and that
/// city's own number. Each city is built by <see cref="TopologyBuilder"/> with seed <c>seed + its index</c>.
/// </summary>
public sealed class ProvinceTopology
{
    private readonly int[] _firstCamera;
    private readonly int[] _firstPoint;
    private readonly int[] _firstPlatform;
    private readonly int[] _firstUnit;

    private ProvinceTopology(IReadOnlyList<string> names, IReadOnlyList<CityTopology> cities, CityTopology whole,
        int[] firstCamera, int[] firstPoint, int[] firstPlatform, int[] firstUnit)
    {
        Names = names;
        Cities = cities;
        Whole = whole;
        _firstCamera = firstCamera;
        _firstPoint = firstPoint;
        _firstPlatform = firstPlatform;
        _firstUnit = firstUnit;
    }

    /// <summary>The cities' names, in the scenario's order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Each city's own topology (ids from 0), in the scenario's order.</summary>
    public IReadOnlyList<CityTopology> Cities { get; }

    /// <summary>All cities end to end, numbered province-wide; its paths start with the city's name.</summary>
    public CityTopology Whole { get; }

    /// <summary>The province's size: the sum of its cities'.</summary>
    public static TopologySpec Sum(IEnumerable<CitySpec> cities) => cities.Aggregate(new TopologySpec(0, 0, 0, 0, 0), (s, c) => new TopologySpec(
        s.Platforms + c.Topology.Platforms, s.Points + c.Topology.Points, s.Cameras + c.Topology.Cameras,
        s.CoHandlingCentres + c.Topology.CoHandlingCentres, s.CoHandlingPosts + c.Topology.CoHandlingPosts));

    public static ProvinceTopology Build(IReadOnlyList<CitySpec> cities, int seed)
    {
        if (cities.Count == 0) throw new ArgumentException("a province has at least one city", nameof(cities));
        var built = cities.Select((c, i) => TopologyBuilder.Build(c.Topology, seed + i)).ToArray();
        int[] firstCamera = new int[built.Length], firstPoint = new int[built.Length], firstPlatform = new int[built.Length], firstUnit = new int[built.Length];
        var divisions = new List<Division>();
        var platforms = new List<PlatformInfo>();
        var points = new List<PointInfo>();
        var units = new List<CoHandlingUnit>();
        var cameras = 0;
        for (var k = 0; k < built.Length; k++)
        {
            var city = built[k];
            var name = cities[k].Name;
            (firstCamera[k], firstPoint[k], firstPlatform[k], firstUnit[k]) = (cameras, points.Count, platforms.Count, units.Count);
            var firstDivision = divisions.Count;
            string Rooted(string path) => path.StartsWith(city.City, StringComparison.Ordinal) ? name + path[city.City.Length..] : $"{name}/{path}";
            divisions.AddRange(city.Divisions.Select(d => d with { Index = firstDivision + d.Index }));
            platforms.AddRange(city.Platforms.Select(p => new PlatformInfo(new PlatformId(firstPlatform[k] + p.Id.Value), Rooted(p.Path),
                firstDivision + p.Division, new PointId(firstPoint[k] + p.FirstPoint.Value), p.PointCount, new CameraId(cameras + p.FirstCamera.Value), p.CameraCount)));
            points.AddRange(city.Points.Select(p => new PointInfo(new PointId(firstPoint[k] + p.Id.Value), new PlatformId(firstPlatform[k] + p.Platform.Value),
                Rooted(p.Path), p.Kind, new CameraId(cameras + p.FirstCamera.Value), p.CameraCount)));
            units.AddRange(city.CoHandling.Select(u => new CoHandlingUnit(firstUnit[k] + u.Index, u.IsCentre, new PointId(firstPoint[k] + u.At.Value), Rooted(u.Path))));
            cameras += city.CameraCount;
        }
        var whole = new CityTopology(Sum(cities), seed, "province", divisions, platforms, points, units);
        return new ProvinceTopology(cities.Select(c => c.Name).ToArray(), built, whole, firstCamera, firstPoint, firstPlatform, firstUnit);
    }

    /// <summary>The city of province-wide camera <paramref name="camera"/>, and its number there.</summary>
    public (int City, CameraId Camera) CameraIn(CameraId camera)
    {
        var k = CityOf(_firstCamera, camera.Value);
        return (k, new CameraId(camera.Value - _firstCamera[k]));
    }

    /// <summary>The city of province-wide point <paramref name="point"/>, and its number there.</summary>
    public (int City, PointId Point) PointIn(PointId point)
    {
        var k = CityOf(_firstPoint, point.Value);
        return (k, new PointId(point.Value - _firstPoint[k]));
    }

    /// <summary>The city of province-wide co-handling unit <paramref name="unit"/>, and its index there.</summary>
    public (int City, int Unit) CoHandlingIn(int unit)
    {
        var k = CityOf(_firstUnit, unit);
        return (k, unit - _firstUnit[k]);
    }

    /// <summary>Province-wide number of camera <paramref name="camera"/> of city <paramref name="city"/>.</summary>
    public CameraId CameraOf(int city, CameraId camera) => new(_firstCamera[city] + camera.Value);

    /// <summary>The index of city <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name) => Names.ToList().IndexOf(name);

    // The last city whose first number is at most n (a city may be empty of co-handling units: its first equals the next's).
    private static int CityOf(int[] firsts, int n)
    {
        var i = Array.BinarySearch(firsts, n);
        if (i < 0) return ~i - 1;
        while (i + 1 < firsts.Length && firsts[i + 1] == n) i++;
        return i;
    }
}
