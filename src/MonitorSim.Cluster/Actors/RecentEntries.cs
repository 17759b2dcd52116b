namespace MonitorSim.Cluster.Actors;

/// <summary>
/// A dictionary that remembers only its newest <c>capacity</c> entries: the oldest is forgotten when a new one comes.
/// What an actor needs to recognise a copy of something recent (a re-sent alarm) without growing for ever.
/// </summary>
internal sealed class RecentEntries<TKey, TValue>(int capacity) where TKey : notnull
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
