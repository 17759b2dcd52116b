using System.Diagnostics;
using System.Security.Cryptography;
using MonitorSim.Sip.Message;
using MonitorSim.Sip.Transport;

namespace MonitorSim.Sip.Transactions;

/// <summary>
/// The non-INVITE client transactions (RFC 3261 §17.1.2) of one endpoint, however many devices it carries: a slot
/// table with a free list, so a response is matched in O(1) by the slot and generation its Via branch encodes
/// (<c>z9hG4bK</c> + 4 hex digits of this table's salt + 6 of slot + 6 of generation), then checked against the
/// Call-ID and CSeq the request carried (§17.1.3). Over UDP a request is re-sent by timer E (T1, 2·T1 … up to T2)
/// and kept, after its final response, for timer K (T4) to absorb retransmitted responses; timer F (64·T1) ends a
/// transaction that got no final response. Timers run in queues per interval (<see cref="TimerFifo"/>), driven by
/// <see cref="Tick"/>.
/// </summary>
/// <typeparam name="TState">What the transaction user keeps with each transaction (device, operation, ticket).</typeparam>
public sealed class ClientTransactions<TState>
    where TState : struct
{
    /// <summary>Length of the branches this table writes.</summary>
    public const int BranchLength = 7 + 16;

    private const int SlotMask = 0xFFFFFF;

    private readonly Lock _gate = new();
    private readonly Slot[] _slots;
    private readonly int[] _free;
    private int _freeCount;
    private readonly ushort _salt = (ushort)RandomNumberGenerator.GetInt32(0x10000);
    private readonly long[] _intervals; // timer E intervals, ticks: T1, 2·T1 … T2
    private readonly TimerFifo[] _timerE;
    private readonly TimerFifo _timerF = new();
    private readonly TimerFifo _timerK = new();
    private readonly long _timeoutTicks;
    private readonly long _lingerTicks;
    private readonly List<(byte[] Request, int Length, SipRoute Route)> _resend = [];
    private readonly List<TxHandle> _expired = [];

    /// <param name="capacity">Most transactions at once (in flight plus lingering for timer K); at most 2^24.</param>
    public ClientTransactions(int capacity, SipTimers timers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, SlotMask);
        _slots = new Slot[capacity];
        _free = new int[capacity];
        for (var i = 0; i < capacity; i++) _free[i] = capacity - 1 - i;
        _freeCount = capacity;
        var intervals = new List<long>();
        for (var t = timers.T1; ; t *= 2)
        {
            intervals.Add(Ticks(t < timers.T2 ? t : timers.T2));
            if (t >= timers.T2) break;
        }
        _intervals = [.. intervals];
        _timerE = [.. _intervals.Select(_ => new TimerFifo())];
        _timeoutTicks = Ticks(timers.TransactionTimeout);
        _lingerTicks = Ticks(timers.T4);
    }

    /// <summary>Transactions not yet free (in flight or lingering for timer K).</summary>
    public int InUse
    {
        get { lock (_gate) return _slots.Length - _freeCount; }
    }

    /// <summary>
    /// Reserves a transaction for a request about to be written; false when the table is full. The request's branch
    /// comes from <see cref="WriteBranch"/>; <see cref="Start"/> (after it is sent) or <see cref="Abandon"/> follows.
    /// </summary>
    public bool TryBegin(in TState state, SipMethod method, int cseq, ReadOnlySpan<byte> callId, bool reliable, out TxHandle handle)
    {
        var callIdHash = Fnv.Hash(callId);
        lock (_gate)
        {
            if (_freeCount == 0)
            {
                handle = default;
                return false;
            }
            var slot = _free[--_freeCount];
            ref var s = ref _slots[slot];
            s.Generation = (s.Generation + 1) & SlotMask;
            s.Phase = Phase.Reserved;
            s.Method = method;
            s.CSeq = cseq;
            s.CallIdHash = callIdHash;
            s.Reliable = reliable;
            s.Retransmits = 0;
            s.Request = null;
            s.User = state;
            handle = new TxHandle(slot, s.Generation);
            return true;
        }
    }

    /// <summary>Writes the Via branch of <paramref name="handle"/>'s transaction.</summary>
    public void WriteBranch(ref SipWriter w, TxHandle handle)
    {
        w.Write("z9hG4bK"u8);
        w.Hex(_salt, 4);
        w.Hex((ulong)handle.Slot, 6);
        w.Hex((ulong)handle.Generation, 6);
    }

    /// <summary>
    /// Starts the timers of a request about to be sent. Over UDP <paramref name="request"/> is kept for
    /// retransmission and handed to <see cref="Tick"/>'s release when the transaction ends; over TCP pass null.
    /// </summary>
    public void Start(TxHandle handle, byte[]? request, int length, SipRoute route, long now)
    {
        lock (_gate)
        {
            ref var s = ref _slots[handle.Slot];
            if (s.Generation != handle.Generation || s.Phase != Phase.Reserved) return;
            s.Phase = Phase.Trying;
            s.Request = request;
            s.RequestLength = length;
            s.Route = route;
            if (!s.Reliable) _timerE[0].Push(handle.Slot, handle.Generation, now + _intervals[0]);
            _timerF.Push(handle.Slot, handle.Generation, now + _timeoutTicks);
        }
    }

    /// <summary>Frees a transaction whose request could not be sent (its buffer stays the caller's).</summary>
    public void Abandon(TxHandle handle)
    {
        lock (_gate)
        {
            ref var s = ref _slots[handle.Slot];
            if (s.Generation == handle.Generation && s.Phase != Phase.Free) FreeLocked(handle.Slot);
        }
    }

    /// <summary>
    /// Matches a response to its transaction. On <see cref="TxMatch.Final"/> and <see cref="TxMatch.Provisional"/>,
    /// <paramref name="state"/> is the transaction's and <paramref name="retransmits"/> how often its request was re-sent.
    /// </summary>
    public TxMatch Match(in SipMessage response, long now, out TState state, out int retransmits)
    {
        state = default;
        retransmits = 0;
        if (!TryDecodeBranch(response.Branch, out var slot, out var generation)) return TxMatch.Stray;
        var callIdHash = Fnv.Hash(response.CallId);
        lock (_gate)
        {
            ref var s = ref _slots[slot];
            if (s.Generation != generation || s.Phase is Phase.Free or Phase.Reserved or Phase.TimedOut) return TxMatch.Stray;
            if (s.Phase == Phase.Completed) return TxMatch.Duplicate;
            if (s.CSeq != response.CSeq || s.Method != response.CSeqMethod || s.CallIdHash != callIdHash)
                return TxMatch.Mismatch;
            state = s.User;
            retransmits = s.Retransmits;
            if (response.StatusCode < 200)
            {
                s.Phase = Phase.Proceeding;
                return TxMatch.Provisional;
            }
            if (s.Reliable) FreeLocked(slot);
            else
            {
                s.Phase = Phase.Completed;
                _timerK.Push(slot, generation, now + _lingerTicks);
            }
            return TxMatch.Final;
        }
    }

    /// <summary>
    /// Runs the timers due at <paramref name="now"/>: re-sends requests whose timer E fired (returns how many),
    /// reports transactions whose timer F fired to <paramref name="user"/>, frees those whose timer K fired.
    /// Called from one thread at a time.
    /// </summary>
    public int Tick(long now, ISipSender sender, ITransactionUser<TState> user, Action<byte[]> release)
    {
        _resend.Clear();
        _expired.Clear();
        lock (_gate)
        {
            for (var level = 0; level < _timerE.Length; level++)
            {
                while (_timerE[level].TryPopDue(now, out var slot, out var generation, out var due))
                {
                    ref var s = ref _slots[slot];
                    if (s.Generation != generation || s.Phase is not (Phase.Trying or Phase.Proceeding)) continue;
                    s.Retransmits++;
                    _resend.Add((s.Request!, s.RequestLength, s.Route));
                    var next = s.Phase == Phase.Proceeding ? _intervals.Length - 1 : Math.Min(level + 1, _intervals.Length - 1);
                    // From when it was due, not from now: a late tick does not stretch the schedule.
                    _timerE[next].Push(slot, generation, due + _intervals[next]);
                }
            }
            while (_timerF.TryPopDue(now, out var slot, out var generation))
            {
                ref var s = ref _slots[slot];
                if (s.Generation != generation || s.Phase is not (Phase.Trying or Phase.Proceeding)) continue;
                s.Phase = Phase.TimedOut;
                _expired.Add(new TxHandle(slot, generation));
            }
            while (_timerK.TryPopDue(now, out var slot, out var generation))
            {
                ref var s = ref _slots[slot];
                if (s.Generation == generation && s.Phase == Phase.Completed) ReleaseLocked(slot, release);
            }
        }
        foreach (var (request, length, route) in _resend) sender.Send(request.AsSpan(0, length), route);
        foreach (var handle in _expired)
        {
            TState state;
            int retransmits;
            lock (_gate)
            {
                state = _slots[handle.Slot].User;
                retransmits = _slots[handle.Slot].Retransmits;
                ReleaseLocked(handle.Slot, release);
            }
            user.OnTimeout(state, retransmits);
        }
        return _resend.Count;
    }

    private void ReleaseLocked(int slot, Action<byte[]> release)
    {
        var request = _slots[slot].Request;
        FreeLocked(slot);
        if (request is not null) release(request);
    }

    private void FreeLocked(int slot)
    {
        ref var s = ref _slots[slot];
        s.Phase = Phase.Free;
        s.Request = null;
        s.User = default;
        _free[_freeCount++] = slot;
    }

    private bool TryDecodeBranch(ReadOnlySpan<byte> branch, out int slot, out int generation)
    {
        slot = generation = 0;
        if (branch.Length != BranchLength || !branch.StartsWith("z9hG4bK"u8)) return false;
        if (!TryHex(branch.Slice(7, 4), out var salt) || salt != _salt) return false;
        if (!TryHex(branch.Slice(11, 6), out var s) || !TryHex(branch.Slice(17, 6), out var g)) return false;
        if (s >= _slots.Length) return false;
        slot = s;
        generation = g;
        return true;
    }

    private static bool TryHex(ReadOnlySpan<byte> hex, out int value)
    {
        value = 0;
        foreach (var c in hex)
        {
            var d = c switch
            {
                >= (byte)'0' and <= (byte)'9' => c - '0',
                >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
                _ => -1,
            };
            if (d < 0) return false;
            value = value * 16 + d;
        }
        return true;
    }

    private static long Ticks(TimeSpan t) => (long)(t.TotalSeconds * Stopwatch.Frequency);

    private enum Phase : byte
    {
        Free,
        Reserved,
        Trying,
        Proceeding,
        Completed,
        TimedOut,
    }

    private struct Slot
    {
        public int Generation;
        public Phase Phase;
        public SipMethod Method;
        public bool Reliable;
        public int CSeq;
        public ulong CallIdHash;
        public byte[]? Request;
        public int RequestLength;
        public SipRoute Route;
        public int Retransmits;
        public TState User;
    }
}
