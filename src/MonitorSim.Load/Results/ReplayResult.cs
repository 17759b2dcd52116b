namespace MonitorSim.Load.Results;

/// <summary>What a replay read and offered (summary.json's <c>replay</c> section).</summary>
/// <param name="Speed">Log seconds per wall second; null at maximum speed.</param>
/// <param name="LinesRead">Data lines read (not the header, blank lines or comments): replayed + rejected + outside the window.</param>
/// <param name="Rejected">Rejected lines by reason (<c>malformed</c>, <c>unknown_source</c>, <c>unknown_event</c>, <c>time_went_back</c>).</param>
/// <param name="Lag">Replay lag: how far behind the log's schedule each event was sent.</param>
/// <param name="LogStart">The first replayed event's time as written (null when none was).</param>
/// <param name="Events">Replayed events per event type.</param>
/// <param name="Platforms">Replayed events per platform index.</param>
/// <param name="IgnoredColumns">The log's columns (CSV) or keys (JSON Lines) that are not its fields: read past, listed once.</param>
public sealed record ReplayResult(
    string Log,
    string Format,
    bool Compressed,
    double? Speed,
    DateTimeOffset? From,
    DateTimeOffset? To,
    double ToleranceS,
    long LinesRead,
    long Replayed,
    long OutsideWindow,
    IReadOnlyDictionary<string, long> Rejected,
    LatencyStats Lag,
    DateTimeOffset? LogStart,
    DateTimeOffset? LogEnd,
    IReadOnlyDictionary<string, long> Events,
    IReadOnlyDictionary<int, long> Platforms,
    string RejectsFile,
    IReadOnlyList<string>? IgnoredColumns = null)
{
    public long RejectedTotal => Rejected.Values.Sum();

    /// <summary>Log time from the first to the last replayed event, in seconds.</summary>
    public double LogSpanS => LogStart is { } a && LogEnd is { } b ? (b - a).TotalSeconds : 0;
}
