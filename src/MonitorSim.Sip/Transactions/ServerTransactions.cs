using System.Diagnostics;
using MonitorSim.Sip.Message;
using MonitorSim.Sip.Transport;

namespace MonitorSim.Sip.Transactions;

/// <summary>
/// Non-INVITE server transactions (RFC 3261 §17.2.2) for the requests whose handling has effects (an alarm must be
/// passed on once, a catalog query answered once): a request is matched to an earlier one by its top Via's branch
/// and sent-by and its method (§17.2.3); a retransmission gets the stored final response again, or nothing while the
/// first is still being handled. Entries live 64·T1 from the first receipt (timer J, over UDP); over TCP there are
/// no retransmissions and an entry ends with its answer.
/// </summary>
public sealed class ServerTransactions
{
    private readonly Lock _gate = new();
    private readonly Dictionary<UInt128, Entry> _entries = [];
    private readonly Queue<(UInt128 Key, long Due)> _expiry = new();
    private readonly long _lifetimeTicks;
    private readonly bool _reliable;

    public ServerTransactions(SipTimers timers, bool reliable)
    {
        _reliable = reliable;
        _lifetimeTicks = (long)(timers.TransactionTimeout.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>Transactions remembered now.</summary>
    public int Count
    {
        get { lock (_gate) return _entries.Count; }
    }

    /// <summary>
    /// Whether <paramref name="request"/> is new (the caller handles it and calls <see cref="Answer"/>), or a
    /// retransmission: then the stored answer, if any, has been sent again through <paramref name="sender"/>.
    /// </summary>
    public bool IsNew(in SipMessage request, ISipSender sender, SipRoute route, long now)
    {
        var key = KeyOf(request);
        byte[]? answer;
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                _entries[key] = default;
                _expiry.Enqueue((key, now + _lifetimeTicks));
                return true;
            }
            answer = entry.Answer;
        }
        if (answer is not null) sender.Send(answer, route);
        return false;
    }

    /// <summary>Remembers the final response to <paramref name="request"/> for its retransmissions.</summary>
    public void Answer(in SipMessage request, ReadOnlySpan<byte> response)
    {
        var key = KeyOf(request);
        lock (_gate)
        {
            if (_reliable) _entries.Remove(key);
            else if (_entries.ContainsKey(key)) _entries[key] = new Entry(response.ToArray());
        }
    }

    /// <summary>Forgets transactions whose time is up.</summary>
    public void Tick(long now)
    {
        lock (_gate)
        {
            while (_expiry.TryPeek(out var first) && first.Due <= now)
            {
                _expiry.Dequeue();
                _entries.Remove(first.Key);
            }
        }
    }

    /// <summary>§17.2.3: branch, sent-by and method (hashed; the two 64-bit halves are independent).</summary>
    internal static UInt128 KeyOf(in SipMessage request)
    {
        var via = request[SipHeader.Via];
        var space = via.IndexOfAny((byte)' ', (byte)'\t');
        var sentBy = space < 0 ? via : SipParams.Trim(via[space..]);
        var semicolon = sentBy.IndexOf((byte)';');
        if (semicolon >= 0) sentBy = sentBy[..semicolon];
        var low = Fnv.Hash(request.Branch);
        var high = Fnv.Hash(request.MethodToken, Fnv.Hash(sentBy, 0x9E3779B97F4A7C15UL));
        return new UInt128(high, low);
    }

    private readonly record struct Entry(byte[]? Answer);
}
