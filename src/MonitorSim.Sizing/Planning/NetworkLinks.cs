using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Sizing.Planning;

/// <summary>
/// Which network links each operation's GB/T 28181 messages cross, and how much of it the busiest link of that kind
/// carries: device traffic (keepalives, registrations, alarms' first hops) by its cameras' share, a service point's
/// transactions by one point's, what goes up to the city by the busiest platform's cameras.
/// </summary>
public static class NetworkLinks
{
    public const string PointLan = "camera → service point (LAN)";
    public const string PointUplink = "service point → platform";
    public const string PlatformUplink = "platform → city";
    public const string CityApi = "supervision API at the city";

    /// <summary>The link traffic of <paramref name="operations"/> (each an operation's name and the kinds of its steps) on
    /// <paramref name="topology"/>.</summary>
    public static List<LinkTraffic> Of(IEnumerable<(string Name, IReadOnlyList<OperationKind> Kinds)> operations, CityTopology topology)
    {
        var cameras = Math.Max(1, topology.CameraCount);
        var busiestPoint = topology.Points.Max(p => p.CameraCount) / (double)cameras;
        var busiestPlatform = topology.Platforms.Max(p => p.CameraCount) / (double)cameras;
        int points = topology.Points.Count, platforms = topology.Platforms.Count;
        var links = new List<LinkTraffic>();
        foreach (var (name, kinds) in operations)
        {
            foreach (var kind in kinds)
            {
                switch (kind)
                {
                    case OperationKind.Keepalive or OperationKind.Registration:
                        links.Add(new LinkTraffic(PointUplink, name, WireSizes.Of(kind).Total, points, busiestPoint));
                        break;
                    case OperationKind.Alarm:
                        links.Add(new LinkTraffic(PointLan, name, WireSizes.Of(AlarmLeg.CameraToPoint).Total, points, busiestPoint));
                        links.Add(new LinkTraffic(PointUplink, name, WireSizes.Of(AlarmLeg.PointToPlatform).Total, points, busiestPoint));
                        links.Add(new LinkTraffic(PlatformUplink, name, WireSizes.Of(AlarmLeg.PlatformToCity).Total, platforms, busiestPlatform));
                        break;
                    case OperationKind.ServiceFlow:
                        links.Add(new LinkTraffic(PointLan, name, WireSizes.Of(kind).Total, points, 1.0 / points));
                        break;
                    case OperationKind.AlarmQuery:
                        links.Add(new LinkTraffic(PlatformUplink, name, WireSizes.Of(kind).Total, platforms, busiestPlatform));
                        break;
                    default:
                        if (WireSizes.TryOf(kind, out var size)) links.Add(new LinkTraffic(CityApi, name, size.Total, 1, 1));
                        break;
                }
            }
        }
        return links;
    }
}
