using MonitorSim.Domain.Operations;

namespace MonitorSim.Load.Replay;

/// <summary>
/// What a replay did with the log's valid and rejected lines, counted as they are read: replayed per operation kind and
/// per platform, rejected per reason, outside <c>--from</c>/<c>--to</c>, and the span of the replayed events' times. Kept
/// apart from <see cref="ReplayArrivals"/>, which turns lines into arrivals; its counts are this tally's.
/// </summary>
public sealed class ReplayTally
{
    public ReplayTally(int platforms) => PerPlatform = new long[platforms];

    /// <summary>Events handed to the engine.</summary>
    public long Replayed { get; private set; }

    /// <summary>Valid lines outside --from/--to.</summary>
    public long OutsideWindow { get; private set; }

    /// <summary>Rejected lines per <see cref="RejectReason"/>.</summary>
    public long[] Rejected { get; } = new long[RejectReasons.All.Length + 1];

    /// <summary>Replayed events per operation kind.</summary>
    public long[] PerKind { get; } = new long[Enum.GetValues<OperationKind>().Length];

    /// <summary>Replayed events per platform (of the camera or point).</summary>
    public long[] PerPlatform { get; }

    /// <summary>The first and last replayed event's time (UTC ticks) and the first one's offset; null before any.</summary>
    public (long FirstUtc, long LastUtc, int OffsetMinutes)? Span { get; private set; }

    /// <summary>A line rejected for <paramref name="reason"/>.</summary>
    public void Reject(RejectReason reason) => Rejected[(int)reason]++;

    /// <summary>A valid line outside the window.</summary>
    public void Outside() => OutsideWindow++;

    /// <summary>A valid line replayed, about a camera or point of <paramref name="platform"/>.</summary>
    public void Replay(in LogRecord record, int platform)
    {
        Span = Span is { } s
            ? (s.FirstUtc, Math.Max(s.LastUtc, record.UtcTicks), s.OffsetMinutes)
            : (record.UtcTicks, record.UtcTicks, record.OffsetMinutes);
        Replayed++;
        PerKind[(int)record.Kind]++;
        PerPlatform[platform]++;
    }
}
