namespace MonitorSim.Domain.Topology;

/// <summary>What sort of venue a service point is; it sets how many cameras the point typically has.</summary>
public enum PointKind
{
    /// <summary>A county/district government service hall: dozens of windows and cameras.</summary>
    ServiceHall,
    /// <summary>A department's service office or window.</summary>
    DepartmentOffice,
    /// <summary>A town or sub-district convenience-service centre.</summary>
    TownCentre,
    /// <summary>A village or community service station: one or two cameras.</summary>
    VillageStation,
}
