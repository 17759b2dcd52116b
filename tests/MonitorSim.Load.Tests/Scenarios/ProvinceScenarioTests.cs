using MonitorSim.Domain.Topology;
using MonitorSim.Load.Scenarios;
using static MonitorSim.Load.Tests.Scenarios.ScenarioYaml;

namespace MonitorSim.Load.Tests.Scenarios;

/// <summary><c>topology: { cities: [...] }</c> — a province of cities cascading to a province platform — and the faults
/// that name one of its cities.</summary>
public sealed class ProvinceScenarioTests
{
    private const string Province = Minimal + """

        topology:
          cities:
            - { name: xuzhou, platforms: 4, points: 24, cameras: 120 }
            - { name: nanjing, platforms: 3, points: 18, cameras: 90, co_handling: { centres: 2, posts: 4 } }
        """;

    [Fact]
    public void A_province_has_its_cities_in_order_and_the_size_of_their_sum()
    {
        var s = Parse(Province);

        Assert.Equal(["xuzhou", "nanjing"], s.Cities!.Select(c => c.Name));
        Assert.Equal(new TopologySpec(3, 18, 90, 2, 4), s.Cities![1].Topology);
        Assert.Equal((7, 42, 210), (s.Topology.Platforms, s.Topology.Points, s.Topology.Cameras));
        Assert.Null(Parse(Minimal).Cities);
    }

    [Fact]
    public void A_duplicate_city_name_is_reported_on_its_line_with_the_first_one()
    {
        var error = Assert.Single(Errors(Minimal + """

            topology:
              cities:
                - { name: xuzhou, platforms: 2, points: 4, cameras: 8 }
                - { name: xuzhou, platforms: 2, points: 4, cameras: 8 }
            """));

        Assert.Equal(("test.yaml", 10, "topology.cities[1].name"), (error.File, error.Line, error.Field));
        Assert.Contains("duplicate city name 'xuzhou' (first used on line 9)", error.Message);
    }

    [Fact]
    public void A_city_without_a_name_or_with_fewer_cameras_than_points_is_reported_on_its_line()
    {
        var errors = Errors(Minimal + """

            topology:
              cities:
                - { platforms: 2, points: 4, cameras: 8 }
                - { name: Big City, platforms: 2, points: 4, cameras: 3 }
            """);

        Assert.Contains(errors, e => e is { Line: 9, Field: "topology.cities[0].name" } && e.Message.Contains("required"));
        Assert.Contains(errors, e => e is { Line: 10, Field: "topology.cities[1].name" } && e.Message.Contains("[a-z0-9_-]+"));
        Assert.Contains(errors, e => e is { Line: 10, Field: "topology.cities[1].cameras" } && e.Message.Contains("must be at least points (4), got 3"));
    }

    [Fact]
    public void Sizes_beside_cities_an_empty_list_or_cities_that_are_not_a_list_are_refused()
    {
        var beside = Assert.Single(Errors(Minimal + "\ntopology: { cameras: 100, cities: [ { name: a, platforms: 1, points: 1, cameras: 1 } ] }\n"));
        Assert.Equal(("topology.cameras", 7), (beside.Field, beside.Line));
        Assert.Contains("sum of its cities'", beside.Message);

        Assert.Contains("at least one city", Assert.Single(Errors(Minimal + "\ntopology: { cities: [] }\n")).Message);
        Assert.Equal("topology.cities", Assert.Single(Errors(Minimal + "\ntopology: { cities: xuzhou }\n")).Field);
    }

    [Fact]
    public void A_province_fault_names_its_city_and_a_city_platform_restart_and_a_cut_link_are_read()
    {
        var s = Parse(Province + """

            faults:
              - { at: 10s, restart: { target: city, city: nanjing, down_for: 3s } }
              - { at: 12s, restart: { target: platform, city: xuzhou, id: 3, down_for: 1s } }
              - { at: 14s, cut_province_link: { city: xuzhou, for: 8s } }
            """);

        Assert.Equal((FaultTarget.City, "nanjing", TimeSpan.FromSeconds(3)), (s.Faults[0].Target, s.Faults[0].City, s.Faults[0].DownFor));
        Assert.Equal((FaultTarget.Platform, "xuzhou", 3), (s.Faults[1].Target, s.Faults[1].City, s.Faults[1].PlatformId!.Value));
        Assert.Equal((FaultTarget.ProvinceLink, "xuzhou", TimeSpan.FromSeconds(8), "cut_province_link"),
            (s.Faults[2].Target, s.Faults[2].City, s.Faults[2].DownFor, s.Faults[2].Action));
    }

    [Fact]
    public void A_province_fault_naming_no_city_an_unknown_city_or_a_platform_its_city_lacks_is_reported_on_its_line()
    {
        var errors = Errors(Province + """

            faults:
              - { at: 10s, restart: { target: city, down_for: 3s } }
              - { at: 11s, restart: { target: city, city: wuxi, down_for: 3s } }
              - { at: 12s, restart: { target: platform, city: nanjing, id: 3, down_for: 1s } }
              - { at: 13s, cut_province_link: { city: nanjing } }
            """);

        Assert.Contains(errors, e => e is { Line: 12, Field: "faults[0].restart.city" } && e.Message.Contains("required in a province: one of xuzhou, nanjing"));
        Assert.Contains(errors, e => e is { Line: 13, Field: "faults[1].restart.city" } && e.Message.Contains("no city 'wuxi'"));
        Assert.Contains(errors, e => e is { Line: 14, Field: "faults[2].restart.id" } && e.Message.Contains("3 platforms in nanjing (0..2), got 3"));
        Assert.Contains(errors, e => e is { Line: 15, Field: "faults[3].cut_province_link.for" } && e.Message.Contains("required"));
    }

    [Fact]
    public void A_cut_province_link_or_a_fault_city_without_a_province_is_refused()
    {
        var errors = Errors(Minimal + """

            faults:
              - { at: 10s, cut_province_link: { city: xuzhou, for: 5s } }
              - { at: 11s, restart: { target: city, city: xuzhou, down_for: 3s } }
            """);

        Assert.Contains(errors, e => e is { Line: 8, Field: "faults[0].cut_province_link" } && e.Message.Contains("needs topology.cities"));
        Assert.Contains(errors, e => e is { Line: 9, Field: "faults[1].restart.city" } && e.Message.Contains("this scenario has one city"));
    }

    [Fact]
    public void A_province_platform_restart_names_no_city_and_is_read_with_its_down_time()
    {
        var s = Parse(Province + """

            faults:
              - { at: 10s, restart: { target: province, down_for: 4s } }
            """);

        var fault = Assert.Single(s.Faults);
        Assert.Equal((FaultTarget.Province, (string?)null, TimeSpan.FromSeconds(4), "restart", 12), (fault.Target, fault.City, fault.DownFor, fault.Action, fault.Line));
    }

    [Fact]
    public void A_province_platform_restart_with_a_city_or_an_id_or_without_a_province_is_reported_on_its_line()
    {
        var inProvince = Errors(Province + """

            faults:
              - { at: 10s, restart: { target: province, city: xuzhou, down_for: 4s } }
              - { at: 11s, restart: { target: province, id: 2 } }
            """);
        var alone = Assert.Single(Errors(Minimal + """

            faults:
              - { at: 10s, restart: { target: province, down_for: 4s } }
            """));

        Assert.Contains(inProvince, e => e is { Line: 12, Field: "faults[0].restart.city" } && e.Message.Contains("names no city"));
        Assert.Contains(inProvince, e => e is { Line: 13, Field: "faults[1].restart.id" } && e.Message.Contains("has no id"));
        Assert.Equal(("faults[0].restart.target", 8), (alone.Field, alone.Line));
        Assert.Contains("needs topology.cities", alone.Message);
    }
}
