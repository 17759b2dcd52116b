using MonitorSim.Domain.Topology;

namespace MonitorSim.Domain.Supervision;

/// <summary>A unit the supervision workflows are about: where clues point, whose staff are held responsible, whose warning
/// level rises. <paramref name="Parent"/> is the unit above (a village's town, a town's county), <paramref name="Platform"/>
/// the monitoring platform of a city agency, <paramref name="Points"/> the service points the unit runs.</summary>
public sealed record OrgUnit(int Index, UnitType Type, string Path, int Division, int? Parent, int? Platform, IReadOnlyList<int> Points);

/// <summary>The staff categories the seed singles out: town and village cadres, and the "three chiefs" with real power.</summary>
public enum CadreCategory
{
    VillageCadre,
    TownCadre,
    SectionChief,
    BureauChief,
    SchoolPrincipal,
    /// <summary>Grassroots staff, co-handlers among them.</summary>
    Staff,
}

public sealed record StaffMember(string Id, int Unit, CadreCategory Category);

/// <summary>A standing-committee member of the city discipline commission and the "five ones" he or she is linked to: one
/// county, one district, one town, one village (the fifth, a key supervised case, is linked when the case arises).</summary>
public sealed record CommissionMember(int Number, int County, int District, int Town, int Village);

/// <summary>How big the organisation is where the seed is silent (assumptions, set by the scenario).</summary>
public sealed record OrganisationSpec(
    int StandingCommitteeMembers = 9,
    int VillageCadres = 3,
    int TownCadres = 8,
    int TownSectionChiefs = 2,
    int CountySectionChiefs = 20,
    int CountyBureauChiefs = 5,
    int CountySchoolPrincipals = 5,
    int AgencySectionChiefs = 10,
    int AgencyBureauChiefs = 2,
    int CentreStaff = 3);

/// <summary>
/// The organisation the workflows run on (docs/domain.md#supervision-workflows), derived from the monitoring topology so that units, platforms and
/// points agree: a unit per county-level division (its halls and department offices are the county's), a city agency per
/// platform of the city departments, a town per town centre, a village per village station (under a town of its platform),
/// a service centre per co-handling centre. The city commission's offices 1–5 are linked to regions (divisions dealt in
/// turn), each county-level division has its county commission, and each standing-committee member is linked to a county,
/// a district, a town and a village. Deterministic for a topology, a seed and a spec.
/// </summary>
public sealed class Organisation
{
    /// <summary>The division of the city's own departments.</summary>
    public const int CityDivision = 10;

    private readonly int[] _unitOfPoint;
    private readonly int[] _officeOfDivision;

    private Organisation(List<OrgUnit> units, List<StaffMember> staff, List<CommissionMember> members, int[] unitOfPoint, int[] officeOfDivision)
    {
        Units = units;
        Staff = staff;
        Members = members;
        _unitOfPoint = unitOfPoint;
        _officeOfDivision = officeOfDivision;
    }

    public IReadOnlyList<OrgUnit> Units { get; }
    public IReadOnlyList<StaffMember> Staff { get; }
    public IReadOnlyList<CommissionMember> Members { get; }

    /// <summary>How many service points the units run.</summary>
    public int PointCount => _unitOfPoint.Length;

    /// <summary>The unit that runs service point <paramref name="point"/>.</summary>
    public int UnitOfPoint(int point) => _unitOfPoint[point];

    /// <summary>The office (1–5) linked to a division.</summary>
    public int OfficeOf(int division) => _officeOfDivision[division];

    /// <summary>Districts are the first five divisions, counties and county-level cities the next five.</summary>
    public static bool IsDistrict(int division) => division < 5;

    /// <summary>
    /// Who handles a clue about <paramref name="unit"/>: a key case goes to the standing-committee member linked to the
    /// unit's division (as its county or its district); a city agency's clue, or one about a county-level division's own
    /// leadership, to the office linked to its region; any other (towns, villages, centres) to its county commission.
    /// </summary>
    public ClueHandler HandlerFor(int unit, bool keyCase)
    {
        var u = Units[unit];
        if (keyCase && Members.FirstOrDefault(m => m.County == u.Division || m.District == u.Division) is { } linked)
            return new ClueHandler(HandlerKind.LinkedMember, linked.Number);
        return u.Division == CityDivision || u.Type == UnitType.CountyDivision
            ? new ClueHandler(HandlerKind.Office, OfficeOf(u.Division))
            : new ClueHandler(HandlerKind.CountyCommission, u.Division + 1);
    }

    public static Organisation Build(CityTopology topology, int seed, OrganisationSpec? spec = null)
    {
        spec ??= new OrganisationSpec();
        var rng = new Random(unchecked(seed * 7 + 101));
        var units = new List<OrgUnit>();
        var pointsOf = new List<List<int>>();
        int AddUnit(UnitType type, string path, int division, int? parent, int? platform)
        {
            units.Add(new OrgUnit(units.Count, type, path, division, parent, platform, []));
            pointsOf.Add([]);
            return units.Count - 1;
        }

        var countyUnit = new int[topology.Divisions.Count];
        foreach (var d in topology.Divisions.Where(d => d.Index != CityDivision))
            countyUnit[d.Index] = AddUnit(UnitType.CountyDivision, $"xz/{d.Slug}", d.Index, null, null);
        var unitOfPoint = new int[topology.Points.Count];
        foreach (var platform in topology.Platforms)
        {
            var agency = platform.Division == CityDivision ? AddUnit(UnitType.CityAgency, platform.Path, CityDivision, null, platform.Id.Value) : -1;
            var points = Enumerable.Range(platform.FirstPoint.Value, platform.PointCount).ToList();
            var towns = new List<int>();
            foreach (var p in points)
            {
                var info = topology.Points[p];
                unitOfPoint[p] = agency >= 0 ? agency
                    : info.Kind == PointKind.TownCentre ? Add(towns, AddUnit(UnitType.TownOrSubDistrict, info.Path, platform.Division, countyUnit[platform.Division], null))
                    : countyUnit[platform.Division];
            }
            // Villages sit under the towns of their platform in turn (under the county where the platform has no town).
            var turn = 0;
            foreach (var p in points.Where(p => agency < 0 && topology.Points[p].Kind == PointKind.VillageStation))
            {
                var parent = towns.Count > 0 ? towns[turn++ % towns.Count] : countyUnit[platform.Division];
                unitOfPoint[p] = AddUnit(UnitType.Village, topology.Points[p].Path, platform.Division, parent, null);
            }
        }
        foreach (var centre in topology.CoHandling.Where(c => c.IsCentre))
        {
            var host = units[unitOfPoint[centre.At.Value]];
            AddUnit(UnitType.ServiceCentre, centre.Path, host.Division, host.Index, null);
            pointsOf[^1].Add(centre.At.Value);
        }
        for (var p = 0; p < unitOfPoint.Length; p++) pointsOf[unitOfPoint[p]].Add(p);
        units = units.Select(u => u with { Points = pointsOf[u.Index] }).ToList();

        var staff = new List<StaffMember>();
        foreach (var u in units)
        {
            void Hire(int count, CadreCategory category)
            {
                for (var k = 0; k < count; k++) staff.Add(new StaffMember($"{u.Path}#{category}{k + 1}", u.Index, category));
            }
            switch (u.Type)
            {
                case UnitType.Village: Hire(spec.VillageCadres, CadreCategory.VillageCadre); break;
                case UnitType.TownOrSubDistrict: Hire(spec.TownCadres, CadreCategory.TownCadre); Hire(spec.TownSectionChiefs, CadreCategory.SectionChief); break;
                case UnitType.CountyDivision:
                    Hire(spec.CountySectionChiefs, CadreCategory.SectionChief);
                    Hire(spec.CountyBureauChiefs, CadreCategory.BureauChief);
                    Hire(spec.CountySchoolPrincipals, CadreCategory.SchoolPrincipal);
                    break;
                case UnitType.CityAgency: Hire(spec.AgencySectionChiefs, CadreCategory.SectionChief); Hire(spec.AgencyBureauChiefs, CadreCategory.BureauChief); break;
                default: Hire(spec.CentreStaff, CadreCategory.Staff); break;
            }
        }

        // "Five ones": each member a county and a district in turn, and a town and a village drawn inside them.
        var members = new List<CommissionMember>();
        for (var m = 0; m < spec.StandingCommitteeMembers; m++)
        {
            var county = 5 + m % 5;
            var district = m % 5;
            var townsThere = units.Where(u => u.Type == UnitType.TownOrSubDistrict && u.Division == county).ToList();
            var town = townsThere.Count > 0 ? townsThere[rng.Next(townsThere.Count)].Index : countyUnit[county];
            var villagesThere = units.Where(u => u.Type == UnitType.Village && u.Parent == town).ToList();
            var village = villagesThere.Count > 0 ? villagesThere[rng.Next(villagesThere.Count)].Index : town;
            members.Add(new CommissionMember(m + 1, county, district, town, village));
        }
        var officeOfDivision = Enumerable.Range(0, topology.Divisions.Count).Select(d => d % 5 + 1).ToArray();
        return new Organisation(units, staff, members, unitOfPoint, officeOfDivision);
    }

    private static int Add(List<int> list, int value)
    {
        list.Add(value);
        return value;
    }
}
