using System.Diagnostics;

namespace MonitorSim.Cluster.Actors;

/// <summary>
/// Gathers items bound for one destination and sends them on as arrays: from the adding thread when a batch is full, and
/// otherwise from the pump's own thread, which empties the batch every <see cref="Linger"/> while items keep coming and
/// sleeps until the next one when a linger found none. Between nodes a remoting message costs far more than the device
/// message it carries, so batching is what makes a multi-node run cheap; the price is at most about a millisecond per
/// crossing, which the load engine measures as part of each answer.
/// </summary>
/// <remarks>A timer-free actor batcher (flush when the mailbox drains) was tried first: on two cores its batches stayed a
/// message or two long, because the batcher was scheduled as soon as anything arrived.</remarks>
public sealed class BatchPump<T> : IDisposable
{
    /// <summary>How long an item may wait for company.</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(1);

    private readonly Action<T[]> _send;
    private readonly int _max;
    private readonly object _gate = new();
    private readonly Thread _thread;
    private readonly List<T> _batch;
    private volatile bool _stopped;
    private bool _waiting; // the pump thread waits for an item (under _gate)
    private long _batches, _items;

    public BatchPump(string name, Action<T[]> send, int max = 512)
    {
        _send = send;
        _max = max;
        _batch = new List<T>(max);
        _thread = new Thread(Pump) { Name = name, IsBackground = true };
        _thread.Start();
    }

    /// <summary>Batches sent so far, and the items in them (mean batch size = items / batches).</summary>
    public (long Batches, long Items) Sent => (Interlocked.Read(ref _batches), Interlocked.Read(ref _items));

    public void Add(T item)
    {
        T[]? full = null;
        lock (_gate)
        {
            _batch.Add(item);
            if (_batch.Count >= _max) full = Take();
            else if (_waiting) Monitor.Pulse(_gate);
        }
        if (full is not null) Send(full);
    }

    /// <summary>
    /// Waits for an item, then lingers and sends until a linger finds nothing. It used to wake every millisecond whatever
    /// came: a multi-node baseline run whose gateways carried no message at all still paid about 900 wake-ups a second
    /// for each pump on each node (0.013–0.016 cores each, docs/sizing.md, "What a second node costs"). Under steady
    /// traffic it wakes once a linger, as before.
    /// </summary>
    private void Pump()
    {
        while (!_stopped)
        {
            lock (_gate)
            {
                _waiting = true;
                while (_batch.Count == 0 && !_stopped) Monitor.Wait(_gate);
                _waiting = false;
            }
            while (!_stopped)
            {
                Thread.Sleep(Linger);
                T[]? due;
                lock (_gate) due = _batch.Count > 0 ? Take() : null;
                if (due is null) break; // a quiet linger: wait for the next item
                Send(due);
            }
        }
    }

    private T[] Take()
    {
        var items = _batch.ToArray();
        _batch.Clear();
        return items;
    }

    private void Send(T[] items)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _items, items.Length);
        try { _send(items); }
        catch (Exception e) { Trace.TraceError($"batch pump: {e}"); } // a send must not kill the pump; Tell does not throw
    }

    /// <summary>Stops the pump after sending what it holds.</summary>
    public void Dispose()
    {
        if (_stopped) return;
        _stopped = true;
        lock (_gate) Monitor.PulseAll(_gate);
        if (Thread.CurrentThread != _thread) _thread.Join();
        T[]? rest;
        lock (_gate) rest = _batch.Count > 0 ? Take() : null;
        if (rest is not null) Send(rest);
    }
}
