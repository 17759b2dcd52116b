using MonitorSim.Domain.Operations;

namespace MonitorSim.Load.Engine;

/// <summary>The names operations carry in reports, thresholds and the timeline.</summary>
public static class OperationNames
{
    public static string Of(OperationKind kind) => kind switch
    {
        OperationKind.Keepalive => "keepalive",
        OperationKind.Registration => "registration",
        OperationKind.Alarm => "alarm",
        OperationKind.ServiceFlow => "service_flow",
        OperationKind.AlarmQuery => "alarm_query",
        OperationKind.ClueIntake => "clue_intake",
        OperationKind.ClueListing => "clue_listing",
        OperationKind.CoHandling => "co_handling",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>Alarm hops, in the order an alarm climbs the tree.</summary>
    public static readonly string[] AlarmHops =
        ["alarm.camera_to_point", "alarm.point_to_platform", "alarm.platform_to_city", "alarm.city_to_camera"];
}
