namespace MonitorSim.Domain.Operations;

/// <summary>Alarm types the service-site monitoring raises (docs/domain.md#alarms; GB/T 28181 alarm types for video).</summary>
public enum AlarmType : byte
{
    DeskUnattended,
    StaffAbsent,
    EarlyLeave,
    QueueOverflow,
    Conflict,
    VideoLoss,
    VideoTamper,
}
