namespace MonitorSim.Sip.Transactions;

/// <summary>
/// A queue of timers that all run for the same interval, so they fall due in the order they were set: a ring buffer
/// replaces a priority queue (O(1), no allocation once grown). Each of a transaction's timers (E at each of its
/// intervals, F, K) has its own queue. Not thread-safe: its owner locks.
/// </summary>
internal sealed class TimerFifo
{
    private Entry[] _items = new Entry[1024];
    private int _head;
    private int _count;

    public int Count => _count;

    public void Push(int slot, int generation, long due)
    {
        if (_count == _items.Length) Grow();
        _items[(_head + _count) % _items.Length] = new Entry(slot, generation, due);
        _count++;
    }

    /// <summary>Takes the first timer if it is due at <paramref name="now"/>.</summary>
    public bool TryPopDue(long now, out int slot, out int generation) => TryPopDue(now, out slot, out generation, out _);

    /// <summary>Takes the first timer if it is due at <paramref name="now"/>, with the time it was due.</summary>
    public bool TryPopDue(long now, out int slot, out int generation, out long due)
    {
        slot = generation = 0;
        due = 0;
        if (_count == 0) return false;
        ref var first = ref _items[_head];
        if (first.Due > now) return false;
        slot = first.Slot;
        generation = first.Generation;
        due = first.Due;
        _head = (_head + 1) % _items.Length;
        _count--;
        return true;
    }

    private void Grow()
    {
        var bigger = new Entry[_items.Length * 2];
        for (var i = 0; i < _count; i++) bigger[i] = _items[(_head + i) % _items.Length];
        _items = bigger;
        _head = 0;
    }

    private readonly record struct Entry(int Slot, int Generation, long Due);
}
