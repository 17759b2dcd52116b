using System.Diagnostics;

namespace MonitorSim.Domain.Monitoring;

/// <summary>
/// A dictionary that remembers only recent entries: one is forgotten once it is older than <c>maxAge</c> (by the
/// monotonic clock, counted from when its key was first set), or when <c>capacity</c> newer ones came after it. What a
/// point or a platform needs to recognise a copy of something recent (a re-sent alarm) without growing for ever.
/// </summary>
/// <remarks>
/// The age bound is what keeps memory flat over a long run: copies only arrive while a camera still re-sends (SIP's
/// timer F, 32 s), so what is older is never asked for; a count bound alone, sized for the busiest rate, would go on
/// growing for hours at a modest rate before it filled (an hour's soak at 100 × the city's load showed it). The count
/// bound stays as a ceiling for a burst. Entries are forgotten when a new one is set, so one may be found a little
/// after its age ran out, never before.
/// </remarks>
public sealed class RecentEntries<TKey, TValue> where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> _entries = new();
    private readonly Queue<(TKey Key, TimeSpan At)> _order = new();
    private readonly int _capacity;
    private readonly TimeSpan _maxAge;
    private readonly Func<TimeSpan> _now;

    /// <param name="capacity">The most entries remembered at once.</param>
    /// <param name="maxAge">How long an entry is remembered at least (unless <paramref name="capacity"/> pushes it out).</param>
    /// <param name="now">The monotonic clock ages are read from; the process's by default.</param>
    public RecentEntries(int capacity, TimeSpan maxAge, Func<TimeSpan>? now = null)
    {
        _capacity = capacity;
        _maxAge = maxAge;
        _now = now ?? MonotonicNow;
    }

    public int Count => _entries.Count;

    public bool TryGetValue(TKey key, out TValue value) => _entries.TryGetValue(key, out value!);

    /// <summary>Adds or replaces <paramref name="key"/>'s value (a replaced one keeps its age); entries past their age, or
    /// beyond the capacity, are forgotten first.</summary>
    public void Set(TKey key, TValue value)
    {
        var now = _now();
        while (_order.TryPeek(out var oldest) && now - oldest.At > _maxAge) _entries.Remove(_order.Dequeue().Key);
        if (!_entries.ContainsKey(key))
        {
            _order.Enqueue((key, now));
            while (_order.Count > _capacity) _entries.Remove(_order.Dequeue().Key);
        }
        _entries[key] = value;
    }

    private static TimeSpan MonotonicNow() => Stopwatch.GetElapsedTime(0);
}
