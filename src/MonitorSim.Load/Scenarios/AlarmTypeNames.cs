using MonitorSim.Domain.Operations;

namespace MonitorSim.Load.Scenarios;

/// <summary>The alarm types by the names scenario files and feeds use (an alarm <c>mix</c>, a feed's <c>alarm_type</c>).</summary>
public static class AlarmTypeNames
{
    public static IReadOnlyDictionary<string, AlarmType> ByName { get; } = new Dictionary<string, AlarmType>
    {
        ["desk_unattended"] = AlarmType.DeskUnattended,
        ["staff_absent"] = AlarmType.StaffAbsent,
        ["early_leave"] = AlarmType.EarlyLeave,
        ["queue_overflow"] = AlarmType.QueueOverflow,
        ["conflict"] = AlarmType.Conflict,
        ["video_loss"] = AlarmType.VideoLoss,
        ["video_tamper"] = AlarmType.VideoTamper,
    };
}
