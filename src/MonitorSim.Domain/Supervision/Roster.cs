namespace MonitorSim.Domain.Supervision;

/// <summary>The organisation as the supervision model looks people and units up in it: which unit a clue is about, who
/// is named in it, who answers for it once listed, which units the working groups may visit. Its draws use the model's
/// random source, in the model's order.</summary>
internal sealed class Roster(Organisation organisation, Random rng)
{
    private readonly Dictionary<int, List<StaffMember>> _staffOf = organisation.Staff.GroupBy(s => s.Unit).ToDictionary(g => g.Key, g => g.ToList());
    private readonly Dictionary<UnitType, List<int>> _unitsOf =
        organisation.Units.GroupBy(u => u.Type).ToDictionary(g => g.Key, g => g.Select(u => u.Index).ToList());

    /// <summary>Which unit a clue from <paramref name="channel"/> is about. Data analysis runs per village committee; the
    /// tree's detections and co-handling overruns happen at a service point; other channels (assumption, the seed gives no
    /// split) point at villages 35 %, towns 30 %, city agencies 15 %, counties 10 %, service centres 10 %.</summary>
    public int UnitFor(ClueChannel channel)
    {
        if (channel == ClueChannel.DataAnalysis) return Pick(UnitType.Village);
        if (channel is ClueChannel.MonitoringDetection or ClueChannel.CoHandlingDeadline)
            return organisation.UnitOfPoint(rng.Next(organisation.PointCount));
        var x = rng.NextDouble();
        return x < 0.35 ? Pick(UnitType.Village)
            : x < 0.65 ? Pick(UnitType.TownOrSubDistrict)
            : x < 0.80 ? Pick(UnitType.CityAgency)
            : x < 0.90 ? Pick(UnitType.CountyDivision)
            : Pick(UnitType.ServiceCentre);
    }

    /// <summary>1 + Poisson(<paramref name="extraMean"/>) distinct staff of the unit.</summary>
    public List<string> PersonsAt(int unit, double extraMean)
    {
        var staff = _staffOf.GetValueOrDefault(unit, []);
        return rng.DrawDistinct(staff.Select(s => s.Id).ToList(), 1 + MathNet.Numerics.Distributions.Poisson.Sample(rng, extraMean)).ToList();
    }

    /// <summary>The person responsible for a listed clue: the unit above bears the "subject responsibility" (主体责任) for a
    /// village or a town; a county or a city agency for itself. Its first staff member on the roll.</summary>
    public string ResponsibleFor(int unit)
    {
        var u = organisation.Units[unit];
        var bearer = u.Type is UnitType.Village or UnitType.TownOrSubDistrict or UnitType.ServiceCentre && u.Parent is { } parent ? parent : unit;
        return _staffOf[bearer][0].Id;
    }

    /// <summary>The units the working groups visit: the seed's visits cover city agencies, counties and districts, towns
    /// and sub-districts, and service centres.</summary>
    public List<int> Visitable() =>
        new[] { UnitType.CityAgency, UnitType.CountyDivision, UnitType.TownOrSubDistrict, UnitType.ServiceCentre }
            .SelectMany(t => _unitsOf.GetValueOrDefault(t, [])).ToList();

    private int Pick(UnitType type)
    {
        var units = _unitsOf.GetValueOrDefault(type) ?? _unitsOf.Values.First();
        return units[rng.Next(units.Count)];
    }
}

/// <summary>Draws of distinct items.</summary>
internal static class DistinctDraws
{
    /// <summary>Up to <paramref name="count"/> distinct items drawn at random from <paramref name="pool"/> (which it
    /// reorders), one at a time as asked for: the caller's own draws between two items keep their place in the sequence.</summary>
    public static IEnumerable<T> DrawDistinct<T>(this Random rng, List<T> pool, int count)
    {
        for (var i = 0; i < Math.Min(count, pool.Count); i++)
        {
            var pick = i + rng.Next(pool.Count - i);
            (pool[i], pool[pick]) = (pool[pick], pool[i]);
            yield return pool[i];
        }
    }
}
