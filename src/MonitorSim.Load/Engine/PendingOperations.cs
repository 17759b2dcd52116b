using System.Diagnostics;
using MonitorSim.Domain.Operations;

namespace MonitorSim.Load.Engine;

/// <summary>
/// Every operation this engine has started and not yet counted, so that exactly one thing ends it: its answer, or its
/// timeout, or the end of the run. An answer carries its ticket back, and the ticket's actual start, which the generator
/// keeps strictly increasing, finds it among its stream's (a binary search: they are kept in the order they started, and
/// a stream's timeout is one, so that is also the order their deadlines fall in). Whoever claims an operation counts it;
/// whoever finds it claimed knows it was counted already (a late answer, a second answer to a re-sent alarm). Written
/// for the engine's ceiling: nothing is allocated per operation (a ring per stream, grown and compacted as needed).
/// </summary>
internal sealed class PendingOperations
{
    private readonly Ring[] _rings;
    private readonly long[] _timeout;
    private readonly long _sweepEvery;
    private readonly List<OpTicket> _expired = [];
    private long _nextSweep;

    public PendingOperations(IReadOnlyList<StreamPlan> plans)
    {
        _timeout = plans.Select(p => Math.Max(1, LoadPlanner.Ticks(p.InFlight.OperationTimeout))).ToArray();
        _rings = plans.Select(_ => new Ring()).ToArray();
        // A twentieth of the shortest timeout, within 10–500 ms: an expired operation is counted at its deadline, so this
        // only bounds how long it stays in flight (and keeps a closed-model copy busy) after it.
        _sweepEvery = Math.Clamp(_timeout.DefaultIfEmpty(0).Min() / 20, Stopwatch.Frequency / 100, Stopwatch.Frequency / 2);
    }

    /// <summary>When the operation <paramref name="ticket"/> stands for times out (a Stopwatch timestamp).</summary>
    public long DeadlineOf(in OpTicket ticket) => ticket.Started + _timeout[ticket.Stream];

    /// <summary>An operation is about to be sent (generator thread, in the order operations start).</summary>
    public void Add(in OpTicket ticket) => _rings[ticket.Stream].Add(ticket);

    /// <summary>Claims the operation an answer completed at <paramref name="completedAt"/> is for: <see cref="Claim.Gone"/>
    /// if it was counted already, <see cref="Claim.Late"/> if the answer came after its deadline (it is claimed, and times
    /// out), else <see cref="Claim.Taken"/>. <paramref name="sent"/> is the operation as last sent.</summary>
    public Claim TryTake(in OpTicket answer, long completedAt, out OpTicket sent) =>
        _rings[answer.Stream].Take(answer.Started, completedAt, _timeout[answer.Stream], null, out sent);

    /// <summary>As <see cref="TryTake"/>, but a composite's step answered in time leaves the operation pending as
    /// <paramref name="next"/> (its next step) and gives <see cref="Claim.Advanced"/>.</summary>
    public Claim TryAdvance(in OpTicket answer, in OpTicket next, long completedAt, out OpTicket sent) =>
        _rings[answer.Stream].Take(answer.Started, completedAt, _timeout[answer.Stream], next, out sent);

    /// <summary>At most every few milliseconds, claims every operation whose deadline is before <paramref name="now"/> and
    /// hands it to <paramref name="expired"/> with its deadline. One thread at a time.</summary>
    public void Sweep(long now, Action<OpTicket, long> expired)
    {
        if (now < _nextSweep) return;
        _nextSweep = now + _sweepEvery;
        for (var s = 0; s < _rings.Length; s++)
        {
            _expired.Clear();
            _rings[s].Expire(now - _timeout[s], _expired);
            foreach (var t in _expired) expired(t, t.Started + _timeout[s]);
        }
    }

    /// <summary>Claims every operation still pending and hands it to <paramref name="left"/> (the run is over).</summary>
    public void TakeAll(Action<OpTicket> left)
    {
        foreach (var ring in _rings)
        {
            _expired.Clear();
            ring.Expire(long.MaxValue, _expired);
            foreach (var t in _expired) left(t);
        }
    }

    /// <summary>What a claim found.</summary>
    public enum Claim
    {
        /// <summary>Counted already (timed out, or the run is over): the answer is ignored.</summary>
        Gone,
        /// <summary>Claimed; the answer came after the deadline, so the operation timed out.</summary>
        Late,
        /// <summary>Claimed in time: the answer counts.</summary>
        Taken,
        /// <summary>A composite's step answered in time: the operation goes on with its next step.</summary>
        Advanced,
    }

    /// <summary>One stream's pending operations in the order they started, in a circular buffer under a lock (answers come
    /// from many threads; each holds it for a binary search). Claimed entries leave from the front as it clears, and a
    /// full buffer is compacted to its pending entries before it grows, so it stays about as long as what is in flight.
    /// <para>
    /// The generator never takes the buffer's lock: it appends to a staging list under a lock of its own that the answer
    /// side holds only to swap the list for an empty one, and whoever next holds the buffer's lock moves the staged
    /// entries in (in the order they started, so the buffer stays sorted). Before, the generator queued on the buffer's
    /// lock behind answer threads holding it for a search or a compaction, and a thread preempted while holding it (the
    /// tree's workers are, thousands of times a second on two cores) made the generator late for everything it was
    /// about to issue: generator lag the run then charges to the tree's latency.
    /// </para></summary>
    private sealed class Ring
    {
        private readonly Lock _gate = new();
        private readonly Lock _stageGate = new();
        private List<OpTicket> _staged = new(256);
        private List<OpTicket> _unstaging = new(256);
        private OpTicket[] _items = new OpTicket[64];
        private bool[] _claimed = new bool[64];
        // The buffers a compaction left, reused by the next one of the same size: one slow answer holds every later,
        // answered entry behind it, so a buffer can fill and be compacted every few dozen operations.
        private OpTicket[]? _spareItems;
        private bool[]? _spareClaimed;
        private int _head;
        private int _count;

        public void Add(in OpTicket ticket)
        {
            lock (_stageGate) _staged.Add(ticket);
        }

        /// <summary>Moves what the generator staged into the buffer (the caller holds <see cref="_gate"/>).</summary>
        private void Unstage()
        {
            lock (_stageGate)
            {
                if (_staged.Count == 0) return;
                (_staged, _unstaging) = (_unstaging, _staged);
            }
            foreach (var ticket in _unstaging)
            {
                if (_count == _items.Length) Compact();
                var i = (_head + _count) % _items.Length;
                _items[i] = ticket;
                _claimed[i] = false;
                _count++;
            }
            _unstaging.Clear();
        }

        public Claim Take(long started, long completedAt, long timeout, OpTicket? next, out OpTicket sent)
        {
            lock (_gate)
            {
                Unstage();
                var i = Find(started);
                if (i < 0 || _claimed[i])
                {
                    sent = default;
                    return Claim.Gone;
                }
                sent = _items[i];
                var late = completedAt > started + timeout;
                if (next is { } step && !late)
                {
                    _items[i] = step;
                    return Claim.Advanced;
                }
                _claimed[i] = true;
                DropClaimedFront();
                return late ? Claim.Late : Claim.Taken;
            }
        }

        /// <summary>Claims every pending entry that started at or before <paramref name="startedBy"/> into <paramref name="into"/>.</summary>
        public void Expire(long startedBy, List<OpTicket> into)
        {
            lock (_gate)
            {
                Unstage();
                for (var k = 0; k < _count; k++)
                {
                    var i = (_head + k) % _items.Length;
                    if (_items[i].Started > startedBy) break;
                    if (_claimed[i]) continue;
                    _claimed[i] = true;
                    into.Add(_items[i]);
                }
                DropClaimedFront();
            }
        }

        /// <summary>The buffer index of the entry that started at <paramref name="started"/>, or −1.</summary>
        private int Find(long started)
        {
            int lo = 0, hi = _count - 1;
            while (lo <= hi)
            {
                var mid = (lo + hi) >>> 1;
                var i = (_head + mid) % _items.Length;
                var at = _items[i].Started;
                if (at == started) return i;
                if (at < started) lo = mid + 1; else hi = mid - 1;
            }
            return -1;
        }

        private void DropClaimedFront()
        {
            while (_count > 0 && _claimed[_head])
            {
                _head = (_head + 1) % _items.Length;
                _count--;
            }
        }

        /// <summary>Keeps only the pending entries, in order, from the start of the buffer; doubles it if they still fill
        /// more than half. Without growing, it copies into the spare buffers and keeps the old ones as the next spare.</summary>
        private void Compact()
        {
            var pending = 0;
            for (var k = 0; k < _count; k++) if (!_claimed[(_head + k) % _items.Length]) pending++;
            var size = pending > _items.Length / 2 ? _items.Length * 2 : _items.Length;
            var reuse = _spareItems is not null && _spareItems.Length == size;
            var items = reuse ? _spareItems! : new OpTicket[size];
            var claimed = reuse ? _spareClaimed! : new bool[size];
            var n = 0;
            for (var k = 0; k < _count; k++)
            {
                var i = (_head + k) % _items.Length;
                if (_claimed[i]) continue;
                claimed[n] = false;
                items[n++] = _items[i];
            }
            (_spareItems, _spareClaimed) = size == _items.Length ? (_items, _claimed) : (null, null);
            (_items, _claimed, _head, _count) = (items, claimed, 0, n);
        }
    }
}
