using System.Collections.Concurrent;
using System.Diagnostics;
using MonitorSim.Domain.Operations;

namespace MonitorSim.Load.Engine;

/// <summary>
/// Every operation this engine has started and not yet counted, so that exactly one thing ends it: its answer, or its
/// timeout, or the end of the run. Keyed by the operation's actual start, which the generator keeps unique (an answer
/// carries its ticket back, so no other id is needed); whoever takes the entry counts the operation, and whoever finds it
/// gone knows it was counted already (a late answer, a second answer to a re-sent alarm).
/// </summary>
internal sealed class PendingOperations(IReadOnlyList<StreamPlan> plans)
{
    private readonly ConcurrentDictionary<long, OpTicket> _pending = new();
    private readonly long[] _timeout = plans.Select(p => Math.Max(1, LoadPlanner.Ticks(p.OperationTimeout))).ToArray();
    private long _nextSweep;

    /// <summary>How often <see cref="Sweep"/> looks for operations past their deadline: a twentieth of the shortest
    /// timeout, within 10–500 ms. An expired operation is counted at its deadline, so this only bounds how long it stays
    /// in flight (and keeps a closed-model copy busy) after its deadline.</summary>
    private readonly long _sweepEvery = Math.Clamp(
        plans.Count == 0 ? 0 : plans.Min(p => LoadPlanner.Ticks(p.OperationTimeout)) / 20, Stopwatch.Frequency / 100, Stopwatch.Frequency / 2);

    /// <summary>How many operations are pending.</summary>
    public int Count => _pending.Count;

    /// <summary>When the operation <paramref name="ticket"/> stands for times out (a Stopwatch timestamp).</summary>
    public long DeadlineOf(in OpTicket ticket) => ticket.Started + _timeout[ticket.Stream];

    /// <summary>An operation is about to be sent (generator thread; its start is unique).</summary>
    public void Add(in OpTicket ticket) => _pending[ticket.Started] = ticket;

    /// <summary>A composite goes on to its next step: the operation is pending again, as <paramref name="next"/>.</summary>
    public void Continue(in OpTicket next) => _pending[next.Started] = next;

    /// <summary>Takes the operation an answer is for; false if it was already counted.</summary>
    public bool TryTake(in OpTicket answer, out OpTicket sent) => _pending.TryRemove(answer.Started, out sent);

    /// <summary>At most every few milliseconds (see <see cref="_sweepEvery"/>), hands every operation whose deadline is
    /// before <paramref name="now"/> to <paramref name="expired"/> with its deadline. One thread at a time.</summary>
    public void Sweep(long now, Action<OpTicket, long> expired)
    {
        if (now < _nextSweep || _pending.IsEmpty) return;
        _nextSweep = now + _sweepEvery;
        foreach (var (started, ticket) in _pending)
        {
            var deadline = DeadlineOf(ticket);
            if (deadline <= now && _pending.TryRemove(started, out var taken)) expired(taken, deadline);
        }
    }

    /// <summary>Hands every operation still pending to <paramref name="left"/> (the run is over).</summary>
    public void TakeAll(Action<OpTicket> left)
    {
        foreach (var started in _pending.Keys)
            if (_pending.TryRemove(started, out var ticket)) left(ticket);
    }
}
