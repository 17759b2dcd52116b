using MonitorSim.Domain.Operations;

namespace MonitorSim.Load.Replay;

/// <summary>
/// Turns one log line's fields (UTF-8, unquoted) into a <see cref="LogRecord"/>: a valid event, or a rejected line with
/// its reason, field and message. It keeps the latest valid time, so lines must be given in file order: a line whose time
/// is more than the tolerance earlier than the latest before it is rejected. Shared by both formats; allocates nothing for
/// a valid line.
/// </summary>
public sealed class LogLineValidator(SourceMap sources, TimeSpan tolerance, int? defaultOffsetMinutes = null)
{
    private readonly long _toleranceTicks = tolerance.Ticks;
    private long _latest = long.MinValue;

    public TimeSpan Tolerance => tolerance;

    /// <summary>The offset given to a timestamp written without one (<c>--timezone</c>); null: such a timestamp is rejected.</summary>
    public int? DefaultOffsetMinutes => defaultOffsetMinutes;

    /// <summary>The record of line <paramref name="line"/>; empty <paramref name="alarm"/> and <paramref name="step"/> are absent.</summary>
    public LogRecord Validate(long line, ReadOnlySpan<byte> timestamp, ReadOnlySpan<byte> source, ReadOnlySpan<byte> eventName,
        ReadOnlySpan<byte> alarm, ReadOnlySpan<byte> step)
    {
        var record = Fields(line, timestamp, source, eventName, alarm, step);
        if (!record.IsValid) return record;
        if (_latest != long.MinValue && record.UtcTicks < _latest - _toleranceTicks)
            return Reject(line, RejectReason.TimeWentBack, "timestamp",
                $"{TimeSpan.FromTicks(_latest - record.UtcTicks).TotalSeconds:0.###} s earlier than an event before it (tolerance {tolerance.TotalSeconds:0.###} s)");
        if (record.UtcTicks > _latest) _latest = record.UtcTicks;
        return record;
    }

    private LogRecord Fields(long line, ReadOnlySpan<byte> timestamp, ReadOnlySpan<byte> source, ReadOnlySpan<byte> eventName,
        ReadOnlySpan<byte> alarm, ReadOnlySpan<byte> step)
    {
        if (!LogTimestamp.TryParse(timestamp, defaultOffsetMinutes, out var utc, out var offset, out var error))
            return Reject(line, RejectReason.Malformed, "timestamp", $"{LogText.Quote(timestamp)}: {error}");
        if (LogEvents.KindOf(eventName) is not { } kind)
            return Reject(line, RejectReason.UnknownEvent, "event", $"{LogText.Quote(eventName)} is not an event type; expected one of {LogEvents.KindList}");
        var what = sources.Resolve(source, out var subject);
        if (what == SourceKind.Unknown)
            return Reject(line, RejectReason.UnknownSource, "source", $"{LogText.Quote(source)} names nothing in this topology ({sources.Describe()})");
        if (LogEvents.AboutPoint(kind) && what == SourceKind.Camera)
            subject = sources.Topology.PointOf(new Domain.Topology.CameraId(subject)).Value; // a camera's event at its point
        else if (!LogEvents.AboutPoint(kind) && what == SourceKind.Point)
            return Reject(line, RejectReason.UnknownSource, "source", $"{LogText.Quote(source)} is a service point; a {Engine.OperationNames.Of(kind)} comes from a camera");
        var detail = -1;
        if (kind == OperationKind.Alarm)
        {
            if (alarm.IsEmpty) return Reject(line, RejectReason.Malformed, "alarm_type", "an alarm needs its alarm_type");
            detail = LogEvents.AlarmOf(alarm);
            if (detail < 0)
                return Reject(line, RejectReason.Malformed, "alarm_type", $"{LogText.Quote(alarm)} is not an alarm type; expected one of {string.Join(", ", Scenarios.AlarmTypeNames.ByName.Keys)}");
        }
        else if (kind == OperationKind.ServiceFlow && !step.IsEmpty)
        {
            detail = LogEvents.StepOf(step);
            if (detail < 0) return Reject(line, RejectReason.Malformed, "step", $"{LogText.Quote(step)} is not a step; expected one of {string.Join(", ", LogEvents.StepNames)}");
        }
        return new LogRecord(line, utc, offset, kind, subject, detail);
    }

    /// <summary>A rejected line.</summary>
    public static LogRecord Reject(long line, RejectReason reason, string field, string message) =>
        new(line, 0, 0, default, -1, -1, reason, field, message);
}
