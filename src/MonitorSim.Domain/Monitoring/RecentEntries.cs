namespace MonitorSim.Domain.Monitoring;

/// <summary>
/// A dictionary that remembers only its newest <c>capacity</c> entries: the oldest is forgotten when a new one comes.
/// What a point or a platform needs to recognise a copy of something recent (a re-sent alarm) without growing for ever.
/// </summary>
public sealed class RecentEntries<TKey, TValue>(int capacity) where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> _entries = new();
    private readonly Queue<TKey> _order = new();

    public int Count => _entries.Count;

    public bool TryGetValue(TKey key, out TValue value) => _entries.TryGetValue(key, out value!);

    /// <summary>Adds or replaces <paramref name="key"/>'s value; a new key may push the oldest out.</summary>
    public void Set(TKey key, TValue value)
    {
        if (!_entries.ContainsKey(key))
        {
            _order.Enqueue(key);
            while (_order.Count > capacity) _entries.Remove(_order.Dequeue());
        }
        _entries[key] = value;
    }
}
