using MonitorSim.Domain.Operations;

namespace MonitorSim.Load.Replay;

/// <summary>One line of an incident log as read: a valid event (<see cref="Reason"/> None) or a rejected line with why.</summary>
/// <param name="Line">The file's line number (the CSV header is line 1).</param>
/// <param name="UtcTicks">The event's time (UTC, .NET ticks).</param>
/// <param name="OffsetMinutes">The timestamp's offset from UTC as written.</param>
/// <param name="Subject">The camera (camera events) or point (service_flow, clue_intake) index.</param>
/// <param name="Detail">An alarm's <see cref="AlarmType"/>, a service-flow <see cref="ServiceFlowStep"/>, or −1.</param>
/// <param name="Field">For a rejected line, the field at fault (empty when the whole line is).</param>
/// <param name="Message">For a rejected line, what is wrong.</param>
public readonly record struct LogRecord(
    long Line,
    long UtcTicks,
    int OffsetMinutes,
    OperationKind Kind,
    int Subject,
    int Detail,
    RejectReason Reason = RejectReason.None,
    string? Field = null,
    string? Message = null)
{
    public bool IsValid => Reason == RejectReason.None;
}
