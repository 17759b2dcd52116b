using MonitorSim.Domain.Topology;
using YamlDotNet.RepresentationModel;

namespace MonitorSim.Load.Scenarios;

/// <summary>The <c>topology:</c> section — one city, or a province of cities (<c>cities:</c>) cascading to a province
/// platform — and the faults that name a city of a province (docs/scenarios.md#a-province-of-cities).</summary>
internal sealed partial class ScenarioReader
{
    private static readonly string[] SizeKeys = ["platforms", "points", "cameras", "co_handling"];

    /// <summary>The city's size, or with <c>cities:</c> the province's (the sum of its cities') and its cities in
    /// <paramref name="cities"/> (null for one city).</summary>
    private TopologySpec ReadTopology(YamlNode node, out IReadOnlyList<CitySpec>? cities)
    {
        cities = null;
        if (IsNull(node) || Mapping(node, "topology") is not { } map) return TopologySpec.Xuzhou;
        var keys = Keys(map, "topology", [.. SizeKeys, "cities"]);
        if (!keys.TryGetValue("cities", out var citiesNode)) return ReadSize(map, keys, "topology");

        foreach (var key in SizeKeys.Where(keys.ContainsKey))
            Error(keys[key], $"topology.{key}", $"a province's size is the sum of its cities': give {key} for each city under 'cities', not here");
        var list = new List<CitySpec>();
        if (Sequence(citiesNode, "topology.cities") is not { } seq) return TopologySpec.Xuzhou;
        if (seq.Children.Count == 0)
            Error(seq, "topology.cities", "needs at least one city, e.g. - { name: xuzhou, platforms: 3, points: 12, cameras: 60 }");
        var firstLine = new Dictionary<string, int>();
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var path = $"topology.cities[{i}]";
            if (Mapping(seq.Children[i], path) is not { } city) continue;
            var cityKeys = Keys(city, path, ["name", .. SizeKeys]);
            var nameNode = Required(city, cityKeys, path, "name");
            var name = nameNode is null ? null : ReadName(nameNode, $"{path}.name");
            var size = ReadSize(city, cityKeys, path);
            if (name is null) continue;
            if (firstLine.TryGetValue(name, out var line))
                Error(nameNode!, $"{path}.name", $"duplicate city name '{name}' (first used on line {line})");
            else
            {
                firstLine[name] = Line(city.Start);
                list.Add(new CitySpec(name, size));
            }
        }
        cities = list;
        return ProvinceTopology.Sum(list);
    }

    /// <summary>platforms, points, cameras and co_handling of a city, defaulting to the seed city's.</summary>
    private TopologySpec ReadSize(YamlMappingNode map, Dictionary<string, YamlNode> keys, string at)
    {
        var spec = TopologySpec.Xuzhou;
        var platforms = keys.TryGetValue("platforms", out var platformsNode) ? ReadInt(platformsNode, $"{at}.platforms", min: 1) : spec.Platforms;
        var points = keys.TryGetValue("points", out var pointsNode) ? ReadInt(pointsNode, $"{at}.points", min: 0) : spec.Points;
        var cameras = keys.TryGetValue("cameras", out var camerasNode) ? ReadInt(camerasNode, $"{at}.cameras", min: 0) : spec.Cameras;
        int? centres = spec.CoHandlingCentres, posts = spec.CoHandlingPosts;
        if (keys.TryGetValue("co_handling", out var coNode) && !IsNull(coNode) && Mapping(coNode, $"{at}.co_handling") is { } co)
        {
            var coKeys = Keys(co, $"{at}.co_handling", ["centres", "posts"]);
            if (coKeys.TryGetValue("centres", out var c)) centres = ReadInt(c, $"{at}.co_handling.centres", min: 0);
            if (coKeys.TryGetValue("posts", out var p)) posts = ReadInt(p, $"{at}.co_handling.posts", min: 0);
        }

        // Every platform needs a point and every point a camera, or the tree has empty branches the workload cannot reach.
        if (platforms is { } pl && points is { } pt && pt < pl)
            Error(pointsNode ?? map, $"{at}.points", $"must be at least platforms ({pl}), got {pt}");
        if (points is { } pt2 && cameras is { } cam && cam < pt2)
            Error(camerasNode ?? map, $"{at}.cameras", $"must be at least points ({pt2}), got {cam}");

        return new TopologySpec(platforms ?? spec.Platforms, points ?? spec.Points, cameras ?? spec.Cameras,
            centres ?? spec.CoHandlingCentres, posts ?? spec.CoHandlingPosts);
    }

    /// <summary>What a province run cannot do yet: the supervision year and the SIP front door are one city's.</summary>
    private void CheckProvince(Dictionary<string, YamlNode> root, MonitoringSpec monitoring)
    {
        if (root.TryGetValue("supervision", out var s))
            Error(s, "supervision", "the supervision year runs on one city's desks; a province (topology.cities) does not run it");
        if (monitoring.Sip is not null && root.TryGetValue("monitoring", out var m))
            Error(m, "monitoring.sip", "the SIP front door serves one city's platforms; a province (topology.cities) has none");
        if (root.TryGetValue("chaos", out var c))
            Error(c, "chaos", "chaos draws node and store faults of a one-city cluster; give a province its faults under 'faults'");
    }

    /// <summary>A fault's <c>city:</c>: required in a province (one of its cities), refused without one.</summary>
    private string? ReadFaultCity(YamlMappingNode map, Dictionary<string, YamlNode> keys, string path, IReadOnlyList<CitySpec>? cities, out bool ok)
    {
        ok = true;
        if (!keys.TryGetValue("city", out var node))
        {
            if (cities is null) return null;
            Error(map, $"{path}.city", $"required in a province: one of {string.Join(", ", cities.Select(c => c.Name))}");
            ok = false;
            return null;
        }
        if (cities is null)
        {
            Error(node, $"{path}.city", "names a city of a province (topology.cities); this scenario has one city");
            ok = false;
            return null;
        }
        if (ReadString(node, $"{path}.city") is not { } name) { ok = false; return null; }
        if (cities.Any(c => c.Name == name)) return name;
        Error(node, $"{path}.city", $"no city '{name}' in topology.cities ({string.Join(", ", cities.Select(c => c.Name))})");
        ok = false;
        return null;
    }

    /// <summary><c>cut_province_link: { city: NAME, for: D }</c>: the city's link to the province platform drops
    /// everything both ways for D.</summary>
    private FaultDefinition? ReadCutProvinceLink(YamlNode node, string path, IReadOnlyList<CitySpec>? cities)
    {
        if (Mapping(node, path) is not { } map) return null;
        var keys = Keys(map, path, ["city", "for"]);
        if (cities is null)
        {
            Error(node, path, "cuts a city's link to its province: the scenario needs topology.cities");
            return null;
        }
        var city = ReadFaultCity(map, keys, path, cities, out var ok);
        var duration = Required(map, keys, path, "for") is { } f ? ReadDuration(f, $"{path}.for", positive: true) : null;
        return ok && city is not null && duration is { } d
            ? new FaultDefinition(TimeSpan.Zero, FaultTarget.ProvinceLink, null, false, d, City: city)
            : null;
    }
}
