using System.Diagnostics;
using MonitorSim.Cluster.Protocol;

namespace MonitorSim.Cluster.Actors;

/// <summary>
/// The measuring instrument of a city's hop to the province: when the city first recorded each alarm it passed up, and
/// the hop of each the province acknowledged. It belongs to the node, not to the city platform (one per node, in the
/// <see cref="Hosting.TreeContext"/>): the city platform's own state is soft and goes with a crash, but a measurement
/// must not. So a city platform that restarts finds its samples here, and an alarm that was in flight across the
/// restart — its platform reports it again to the restarted city — is measured from when the city first recorded it,
/// not from when the restarted city got it again: its hop counts the restart.
/// What cannot be measured is counted, never dropped silently: samples past the cap (<see cref="Clipped"/>), alarms
/// passed up and not (yet) acknowledged (<see cref="Unacknowledged"/>), and — through <see cref="ProvinceHops.Since"/> — a log that
/// started late because the city platform moved to another node (the samples of the node it left are gone with it).
/// Used from the city actor's thread, but a restarted actor is a new instance on perhaps another thread: every member
/// locks.
/// </summary>
public sealed class ProvinceHopLog
{
    /// <summary>Samples kept for the run's report by default: 16 bytes each, 16 MB; a province's 139 alarms/s fill a
    /// city's log in 2 h only if one city has them all.</summary>
    public const int DefaultMaxSamples = 1_000_000;

    private readonly Lock _gate = new();
    private readonly int _maxSamples;
    // Alarms passed up and not yet acknowledged: when the city first recorded each (Stopwatch timestamp).
    private readonly Dictionary<(int Platform, long AlarmId), long> _firstRecordedAt = [];
    private readonly List<long> _recordedAt = [];
    private readonly List<long> _hopTicks = [];
    private long _clipped;
    private int _cityStarts;
    private long _since;

    /// <param name="maxSamples">The most hops kept; each one past it is counted in <see cref="Clipped"/>.</param>
    public ProvinceHopLog(int maxSamples = DefaultMaxSamples)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSamples);
        _maxSamples = maxSamples;
    }

    /// <summary>Hops acknowledged past the cap: acknowledged, not kept, so not in the percentiles.</summary>
    public long Clipped
    {
        get { lock (_gate) return _clipped; }
    }

    /// <summary>Alarms passed up that the province has not acknowledged (yet).</summary>
    public int Unacknowledged
    {
        get { lock (_gate) return _firstRecordedAt.Count; }
    }

    /// <summary>A city platform (first, or restarted) starts using the log.</summary>
    public void CityStarted()
    {
        lock (_gate)
        {
            _cityStarts++;
            if (_since == 0) _since = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>The city passes <paramref name="alarm"/> up at <paramref name="now"/>: returns when it first did (now,
    /// unless it passed it up before a restart and the province has not acknowledged it since).</summary>
    public long PassedUp((int Platform, long AlarmId) alarm, long now)
    {
        lock (_gate)
        {
            if (_firstRecordedAt.TryGetValue(alarm, out var first)) return first;
            _firstRecordedAt[alarm] = now;
            return now;
        }
    }

    /// <summary>The province acknowledged <paramref name="alarm"/> at <paramref name="now"/>: its hop is kept (or counted
    /// as clipped past the cap). An alarm not passed up through this log (acknowledged twice) changes nothing.</summary>
    public void Acknowledged((int Platform, long AlarmId) alarm, long now)
    {
        lock (_gate)
        {
            if (!_firstRecordedAt.Remove(alarm, out var recordedAt)) return;
            if (_hopTicks.Count >= _maxSamples)
            {
                _clipped++;
                return;
            }
            _recordedAt.Add(recordedAt);
            _hopTicks.Add(now - recordedAt);
        }
    }

    /// <summary>Every hop kept, with what was not kept or not measured.</summary>
    public ProvinceHops Hops()
    {
        lock (_gate)
            return new ProvinceHops([.. _recordedAt], [.. _hopTicks], _clipped, _firstRecordedAt.Count, _cityStarts, _since);
    }
}
