namespace MonitorSim.Domain.Topology;

/// <summary>Xuzhou's ten county-level divisions plus the city's own departments, with their platform weights.</summary>
internal static class XuzhouDivisions
{
    /// <summary>Root path segment of the city.</summary>
    public const string CityRoot = "xz";

    /// <summary>Index of the city-departments division in <see cref="All"/>.</summary>
    public const int CityDepartments = 10;

    public static IReadOnlyList<Division> All { get; } =
    [
        new(0, "gulou", "Gulou District"),
        new(1, "yunlong", "Yunlong District"),
        new(2, "jiawang", "Jiawang District"),
        new(3, "quanshan", "Quanshan District"),
        new(4, "tongshan", "Tongshan District"),
        new(5, "feng", "Feng County"),
        new(6, "pei", "Pei County"),
        new(7, "suining", "Suining County"),
        new(8, "xinyi", "Xinyi City"),
        new(9, "pizhou", "Pizhou City"),
        new(10, "city", "City departments"),
    ];

    // County platforms serve residents, so their share follows approximate resident population (hundred thousands).
    // City departments run one platform per agency system; 38 gives them roughly 30 % of the platforms.
    private static readonly double[] PlatformWeights = [7.2, 4.6, 4.5, 6.1, 12.8, 9.0, 10.3, 10.5, 9.6, 14.6, 38.0];

    public static double PlatformWeight(int division) => PlatformWeights[division];
}
