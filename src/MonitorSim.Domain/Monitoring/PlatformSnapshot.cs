namespace MonitorSim.Domain.Monitoring;

/// <summary>A platform's durable state at one journal position, so recovery need not replay its whole history.</summary>
/// <param name="Online">Per device (platform-local index): online or not.</param>
/// <param name="AlarmSeqStored">Per point (platform-local index): highest point sequence number stored.</param>
/// <param name="LastEventAt">Sim time of the newest event the snapshot covers.</param>
public sealed record PlatformSnapshot(
    bool[] Online,
    ActiveAlarm[] Alarms,
    long AlarmsRaised,
    long NextAlarmId,
    long Incarnation,
    long[] AlarmSeqStored,
    DateTime LastEventAt = default);
