using MonitorSim.Domain.Supervision;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Domain.Tests.Supervision;

/// <summary>The organisation derived from the seed city's topology: units tied to platforms and points, staff by cadre
/// category, the commission's offices, county commissions and "five ones" links, and who handles a clue.</summary>
public sealed class OrganisationTests
{
    private static readonly CityTopology City = TopologyBuilder.Build(TopologySpec.Xuzhou, 42);
    private static readonly Organisation Org = Organisation.Build(City, 42);

    private static int Count(UnitType type) => Org.Units.Count(u => u.Type == type);

    [Fact]
    public void Units_follow_the_topology_ten_county_level_divisions_an_agency_per_city_platform_a_town_per_centre_a_village_per_station()
    {
        Assert.Equal(10, Count(UnitType.CountyDivision));
        Assert.Equal(City.Platforms.Count(p => p.Division == Organisation.CityDivision), Count(UnitType.CityAgency));
        Assert.Equal(City.Points.Count(p => p.Kind == PointKind.TownCentre && City.Platforms[p.Platform.Value].Division != Organisation.CityDivision),
            Count(UnitType.TownOrSubDistrict));
        Assert.Equal(City.Points.Count(p => p.Kind == PointKind.VillageStation && City.Platforms[p.Platform.Value].Division != Organisation.CityDivision),
            Count(UnitType.Village));
        Assert.Equal(450, Count(UnitType.ServiceCentre));
    }

    [Fact]
    public void Every_point_is_run_by_a_unit_of_its_own_division_and_every_village_sits_under_a_town_or_county_of_it()
    {
        for (var p = 0; p < City.Points.Count; p++)
        {
            var unit = Org.Units[Org.UnitOfPoint(p)];
            Assert.Equal(City.Platforms[City.Points[p].Platform.Value].Division, unit.Division);
            Assert.Contains(p, unit.Points);
        }
        foreach (var village in Org.Units.Where(u => u.Type == UnitType.Village))
        {
            var parent = Org.Units[village.Parent!.Value];
            Assert.Contains(parent.Type, new[] { UnitType.TownOrSubDistrict, UnitType.CountyDivision });
            Assert.Equal(village.Division, parent.Division);
        }
    }

    [Fact]
    public void Staff_carry_the_cadre_categories_the_seed_names_by_unit_type()
    {
        Assert.All(Org.Staff.Where(s => s.Category == CadreCategory.VillageCadre), s => Assert.Equal(UnitType.Village, Org.Units[s.Unit].Type));
        Assert.All(Org.Staff.Where(s => s.Category == CadreCategory.TownCadre), s => Assert.Equal(UnitType.TownOrSubDistrict, Org.Units[s.Unit].Type));
        Assert.Contains(Org.Staff, s => s.Category == CadreCategory.SchoolPrincipal);
        Assert.Contains(Org.Staff, s => s.Category == CadreCategory.BureauChief);
        Assert.Equal(Org.Staff.Count, Org.Staff.Select(s => s.Id).Distinct().Count());
        Assert.Equal(3 * Count(UnitType.Village), Org.Staff.Count(s => s.Category == CadreCategory.VillageCadre));
    }

    [Fact]
    public void Each_standing_committee_member_is_linked_to_a_county_a_district_a_town_and_a_village_of_that_county()
    {
        Assert.Equal(9, Org.Members.Count);
        foreach (var m in Org.Members)
        {
            Assert.False(Organisation.IsDistrict(m.County));
            Assert.True(Organisation.IsDistrict(m.District));
            Assert.Equal(UnitType.TownOrSubDistrict, Org.Units[m.Town].Type);
            Assert.Equal(m.County, Org.Units[m.Town].Division);
            Assert.Equal(UnitType.Village, Org.Units[m.Village].Type);
            Assert.Equal(m.Town, Org.Units[m.Village].Parent);
        }
    }

    [Fact]
    public void Key_cases_go_to_the_linked_member_agency_and_county_leadership_clues_to_the_regions_office_the_rest_to_the_county_commission()
    {
        var village = Org.Units.First(u => u.Type == UnitType.Village && u.Division == 6); // Pei County
        var agency = Org.Units.First(u => u.Type == UnitType.CityAgency);
        var county = Org.Units.First(u => u.Type == UnitType.CountyDivision && u.Division == 6);

        Assert.Equal(new ClueHandler(HandlerKind.CountyCommission, 7), Org.HandlerFor(village.Index, keyCase: false));
        var linked = Org.HandlerFor(village.Index, keyCase: true);
        Assert.Equal(HandlerKind.LinkedMember, linked.Kind);
        Assert.Equal(6, Org.Members.Single(m => m.Number == linked.Number && (m.County == 6 || m.District == 6)).County);
        Assert.Equal(new ClueHandler(HandlerKind.Office, Org.OfficeOf(Organisation.CityDivision)), Org.HandlerFor(agency.Index, false));
        Assert.Equal(new ClueHandler(HandlerKind.Office, Org.OfficeOf(6)), Org.HandlerFor(county.Index, false));
        Assert.All(Enumerable.Range(0, 11), d => Assert.InRange(Org.OfficeOf(d), 1, Clue.Offices));
        // Every handler it names is one a clue accepts.
        var listed = Clue.None.Apply(new ClueReceived(DateTime.Today, "c", ClueChannel.Petition, village.Index, []))
            .Apply(new ClueListed(DateTime.Today, "x", DateTime.Today.AddDays(9)));
        Assert.True(listed.Decide(new AssignClue(DateTime.Today, Org.HandlerFor(village.Index, false))).Accepted);
    }

    [Fact]
    public void The_same_topology_seed_and_spec_give_the_same_organisation()
    {
        var again = Organisation.Build(City, 42);

        Assert.Equal(Org.Members, again.Members);
        Assert.Equal(Org.Units.Select(u => (u.Type, u.Path, u.Parent)), again.Units.Select(u => (u.Type, u.Path, u.Parent)));
    }
}
