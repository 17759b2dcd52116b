namespace MonitorSim.Load.Replay;

/// <summary>How a log is replayed.</summary>
/// <param name="Speed">Log seconds per wall second (60: an hour of the log in a minute); null replays at maximum speed (as
/// fast as the tree takes the events, bounded by <paramref name="MaxInFlight"/> per event type).</param>
/// <param name="From">Replay only events at or after this instant (UTC ticks; null: from the first).</param>
/// <param name="To">Replay only events before this instant (UTC ticks; null: to the last).</param>
/// <param name="Tolerance">A timestamp may go back this much before it is rejected (logs merged from several sources are
/// rarely in perfect order); such an event is replayed in file order, due with the latest before it.</param>
/// <param name="MaxInFlight">Events of one type in flight at once; at the cap the replay waits (never drops).</param>
public sealed record ReplaySettings(double? Speed, long? From, long? To, TimeSpan Tolerance, int MaxInFlight)
{
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromSeconds(1);

    /// <summary>In-flight cap per event type at maximum speed: enough to keep both cores busy, small enough that the
    /// tree's mailboxes (and the working set) stay bounded.</summary>
    public const int DefaultMaxSpeedInFlight = 2_000;
}
