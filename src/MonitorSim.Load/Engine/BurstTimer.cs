using System.Diagnostics;

namespace MonitorSim.Load.Engine;

/// <summary>One burst of a generator that issues in ticks: how many of its operations completed, how long from the
/// generator's wake (the burst's start) to the last of them (the time the tree took to work the burst off) and to the
/// first of them (<paramref name="FirstAnswerSeconds"/>: one operation's way through the tree, which the burst pays once).
/// <paramref name="Tick"/> is the burst's number, counted in ticks from the run's start: the generators of a multi-node
/// run wake on the same ticks of the agreed start, so bursts of one number went out together.</summary>
public readonly record struct BurstDrain(int Operations, double DrainSeconds, long Tick = 0, double FirstAnswerSeconds = 0)
{
    /// <summary>
    /// The rate the burst was worked off at, by its dispersion: (operations − 1) / (last answer − first answer), as a
    /// packet train's dispersion at the receiver gives a link's bottleneck rate: timed from the wake instead, a burst's
    /// rate counts one operation's way through the tree (the first answer's delay), which a saturated tree's throughput
    /// does not pay. Chosen in the hope that it explained drain rates 15–22 % below the searched capacity on several
    /// nodes; measured, the first answers came after 0.3–2.9 ms, 1–3 % of the bursts' drains (docs/sizing.md). NaN with
    /// fewer than two answers.
    /// </summary>
    public double OpsPerSecond => Operations >= 2 && DrainSeconds > FirstAnswerSeconds ? (Operations - 1) / (DrainSeconds - FirstAnswerSeconds) : double.NaN;

    /// <summary>
    /// The bursts of several generators that woke on the same ticks, as one tree saw them: per tick, the operations of
    /// every generator, worked off when the last of them was answered (the longest drain), first answered when the first
    /// of them was (the shortest first answer). Each node's times run from its own wake, and the wakes of one tick lie
    /// within the generators' oversleep (a millisecond or two) of each other.
    /// </summary>
    public static IReadOnlyList<BurstDrain> InStep(IEnumerable<IReadOnlyList<BurstDrain>> generators) =>
        generators.SelectMany(g => g).GroupBy(b => b.Tick).OrderBy(g => g.Key)
            .Select(g => new BurstDrain(g.Sum(b => b.Operations), g.Max(b => b.DrainSeconds), g.Key, g.Min(b => b.FirstAnswerSeconds))).ToList();
}

/// <summary>
/// Times every burst of a generator whose tick is longer than a millisecond (<see cref="GeneratorSettings.Tick"/>): the
/// generator marks each wake before it issues what fell due, and each completion is charged to the burst its operation
/// was issued in (the last wake at or before its start). The drain is timed from the wake, so it includes the time the
/// generator took to issue the burst, as a saturated tree's rate includes the generator's share of the cores; the first
/// answer is timed too, so that the rate can leave out the one operation's way through the tree that the burst pays once
/// (<see cref="BurstDrain.OpsPerSecond"/>). Written by the generator thread (wakes) and the threads that complete
/// operations, lock-free: the wakes are appended before the operations they start are issued, and counts, first and last
/// completions are updated with interlocked operations.
/// </summary>
public sealed class BurstTimer
{
    private readonly long[] _wakes;
    private readonly long[] _ticks;
    private readonly int[] _operations;
    private readonly long[] _lastCompleted;
    private readonly long[] _firstCompleted;
    private int _count;

    /// <param name="capacity">The most bursts timed: the run's length over the tick, and a few more.</param>
    public BurstTimer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        (_wakes, _ticks, _operations, _lastCompleted, _firstCompleted) =
            (new long[capacity], new long[capacity], new int[capacity], new long[capacity], new long[capacity]);
    }

    /// <summary>The generator woke at <paramref name="timestamp"/> (a Stopwatch timestamp) in tick <paramref name="tick"/>
    /// of the run and starts a burst. A wake in a tick that already has its burst (woken early, by a closed-model copy
    /// come free) starts none: what it issues belongs to that tick's burst. Past the capacity, bursts are no longer timed.</summary>
    public void Woke(long timestamp, long tick)
    {
        var n = _count;
        if (n >= _wakes.Length || (n > 0 && (tick <= _ticks[n - 1] || timestamp <= _wakes[n - 1]))) return;
        _wakes[n] = timestamp;
        _ticks[n] = tick;
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
        // 0 is "none yet": a Stopwatch timestamp after a wake is never 0.
        while (((seen = Volatile.Read(ref _firstCompleted[i])) == 0 || completed < seen) && Interlocked.CompareExchange(ref _firstCompleted[i], completed, seen) != seen)
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
            if (ops > 0)
                bursts.Add(new BurstDrain(ops, (Volatile.Read(ref _lastCompleted[i]) - _wakes[i]) / (double)Stopwatch.Frequency, _ticks[i],
                    (Volatile.Read(ref _firstCompleted[i]) - _wakes[i]) / (double)Stopwatch.Frequency));
        }
        return bursts;
    }
}
