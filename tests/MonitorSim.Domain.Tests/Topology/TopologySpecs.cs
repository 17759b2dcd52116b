using MonitorSim.Domain.Topology;

namespace MonitorSim.Domain.Tests.Topology;

/// <summary>Specs the topology tests run against: the default city, the smallest possible one, and awkward shapes.</summary>
public static class TopologySpecs
{
    public static TheoryData<int, int, int, int, int> Valid => new()
    {
        { 1, 1, 1, 0, 0 },
        { 1, 1, 1, 3, 4 },
        { 3, 10, 25, 2, 3 },
        { 11, 11, 11, 1, 1 },
        { 10, 10, 10_000, 5, 5 },
        { 2, 1_000, 200_000, 450, 2_450 },
        { 100, 100, 100, 0, 0 },
        { 1, 5_000, 5_000, 0, 7 },
        { 60, 4_000, 30_000, 10, 10 },
        { 45, 3_108, 17_932, 450, 2_450 },
    };

    public static TopologySpec Of(int platforms, int points, int cameras, int centres, int posts) =>
        new(platforms, points, cameras, centres, posts);
}
