using System.Diagnostics;

namespace MonitorSim.Load.Engine;

/// <summary>One burst of a generator that issues in ticks: how many of its operations completed, and how long from the
/// generator's wake (the burst's start) to the last of them: the time the tree took to work the burst off.</summary>
public readonly record struct BurstDrain(int Operations, double DrainSeconds)
{
    /// <summary>The rate the burst was worked off at, operations / drain.</summary>
    public double OpsPerSecond => DrainSeconds > 0 ? Operations / DrainSeconds : double.NaN;
}

/// <summary>
/// Times every burst of a generator whose tick is longer than a millisecond (<see cref="GeneratorSettings.Tick"/>): the
/// generator marks each wake before it issues what fell due, and each completion is charged to the burst its operation
/// was issued in (the last wake at or before its start). The drain is timed from the wake, so it includes the time the
/// generator took to issue the burst, as a saturated tree's rate includes the generator's share of the cores. Written by
/// the generator thread (wakes) and the threads that complete operations, lock-free: the wakes are appended before the
/// operations they start are issued, and counts and last completions are updated with interlocked operations.
/// </summary>
public sealed class BurstTimer
{
    private readonly long[] _wakes;
    private readonly int[] _operations;
    private readonly long[] _lastCompleted;
    private int _count;

    /// <param name="capacity">The most bursts timed: the run's length over the tick, and a few more.</param>
    public BurstTimer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        (_wakes, _operations, _lastCompleted) = (new long[capacity], new int[capacity], new long[capacity]);
    }

    /// <summary>The generator woke at <paramref name="timestamp"/> (a Stopwatch timestamp) and starts a burst; past the
    /// capacity, bursts are no longer timed.</summary>
    public void Woke(long timestamp)
    {
        var n = _count;
        if (n >= _wakes.Length || (n > 0 && timestamp <= _wakes[n - 1])) return;
        _wakes[n] = timestamp;
        Volatile.Write(ref _count, n + 1);
    }

    /// <summary>An operation started at <paramref name="started"/> completed at <paramref name="completed"/>.</summary>
    public void Completed(long started, long completed)
    {
        var n = Volatile.Read(ref _count);
        var i = Array.BinarySearch(_wakes, 0, n, started);
        if (i < 0) i = ~i - 1;
        if (i < 0) return; // started before the first wake: not a burst's
        Interlocked.Increment(ref _operations[i]);
        long seen;
        while (completed > (seen = Volatile.Read(ref _lastCompleted[i])) && Interlocked.CompareExchange(ref _lastCompleted[i], completed, seen) != seen)
        {
        }
    }

    /// <summary>The bursts that started in [<paramref name="from"/>, <paramref name="to"/>) (Stopwatch timestamps) and
    /// completed an operation, in order.</summary>
    public IReadOnlyList<BurstDrain> Between(long from, long to)
    {
        var n = Volatile.Read(ref _count);
        var bursts = new List<BurstDrain>();
        for (var i = 0; i < n; i++)
        {
            if (_wakes[i] < from || _wakes[i] >= to) continue;
            var ops = Volatile.Read(ref _operations[i]);
            if (ops > 0) bursts.Add(new BurstDrain(ops, (Volatile.Read(ref _lastCompleted[i]) - _wakes[i]) / (double)Stopwatch.Frequency));
        }
        return bursts;
    }
}
