using System.Diagnostics;

namespace MonitorSim.Domain.Cascade;

/// <summary>
/// The sending end of an acknowledged hop up a GB/T 28181 cascade (a lower platform to the platform above it). Items wait
/// in order and go up in sequence-numbered batches, one batch in flight at a time; the upper side acknowledges a batch by
/// its number. A batch not acknowledged within the ack timeout goes again, same number and items (the upper side records
/// a number once, see <see cref="UplinkInbox"/>); an acknowledgment of any other number (a late duplicate of a resent
/// batch) changes nothing. When the session with the upper side opens again (the sender registered again, e.g. after the
/// upper side restarted), the batch in flight goes again at once and the waiting items follow it in their order.
/// While a batch is in flight the items pile up and go together in the next: one item per batch at low load (no added
/// delay), large batches under heavy load. Every batch carries the sender's summary as it is when the batch goes (its
/// roll-up); a batch with no items goes when asked for if only the summary changed since the last one, or one is owed.
/// Times are Stopwatch timestamps: acknowledgments are awaited in wall time, whatever the sim clock does. The caller sends
/// what the methods return; the class sends nothing itself (plain state, no actor).
/// Written here rather than taken from Akka's reliable delivery (Akka.Delivery): this hop is the simulated protocol's own
/// — its reports and acknowledgments are the cascade's messages, one of each per batch, counted and sized as such — and
/// Domain has no Akka.
/// </summary>
/// <typeparam name="TItem">What goes up (alarm notices).</typeparam>
/// <typeparam name="TSummary">The sender's state every batch carries (a roll-up), compared by value.</typeparam>
public sealed class ReliableUplink<TItem, TSummary>
{
    private readonly int _maxBatch;
    private readonly TimeSpan _ackTimeout;
    private readonly List<TItem> _waiting = [];
    private List<TItem>? _inFlight;
    private long _inFlightSeq;
    private long _inFlightSince;
    private long _lastSeq;
    private TSummary _lastSummary;
    private bool _summaryOwed;

    /// <param name="maxBatch">The most items one batch carries.</param>
    /// <param name="ackTimeout">How long a batch waits for its acknowledgment before it goes again.</param>
    /// <param name="knownSummary">The summary the upper side is taken to have before the first batch.</param>
    public ReliableUplink(int maxBatch, TimeSpan ackTimeout, TSummary knownSummary)
    {
        if (maxBatch < 1) throw new ArgumentOutOfRangeException(nameof(maxBatch), maxBatch, "a batch carries at least one item");
        _maxBatch = maxBatch;
        _ackTimeout = ackTimeout;
        _lastSummary = knownSummary;
    }

    /// <summary>Whether the session with the upper side is open (the sender registered and was not told otherwise).</summary>
    public bool IsOpen { get; private set; }

    /// <summary>Items waiting for a batch.</summary>
    public int Waiting => _waiting.Count;

    /// <summary>Items in the batch awaiting its acknowledgment (0 when none is in flight).</summary>
    public int InFlight => _inFlight?.Count ?? 0;

    /// <summary>Puts <paramref name="item"/> last in line; it goes with a later <see cref="Flush"/>.</summary>
    public void Enqueue(TItem item) => _waiting.Add(item);

    /// <summary>The next batch to send, if the session is open and no batch is in flight: the waiting items (at most the
    /// batch size, oldest first), or — with <paramref name="summaryAlone"/> and nothing waiting — an empty batch if
    /// <paramref name="summary"/> differs from the last one sent or one is owed. Null when there is nothing to send.</summary>
    public UplinkBatch<TItem, TSummary>? Flush(long now, TSummary summary, bool summaryAlone = false)
    {
        if (_inFlight is not null || !IsOpen) return null;
        if (_waiting.Count == 0 && (!summaryAlone || (EqualityComparer<TSummary>.Default.Equals(summary, _lastSummary) && !_summaryOwed)))
            return null;
        _summaryOwed = false;
        var take = Math.Min(_waiting.Count, _maxBatch);
        _inFlight = _waiting.GetRange(0, take);
        _waiting.RemoveRange(0, take);
        _inFlightSeq = ++_lastSeq;
        _inFlightSince = now;
        _lastSummary = summary;
        return new UplinkBatch<TItem, TSummary>(_inFlightSeq, _inFlight, summary);
    }

    /// <summary>The upper side acknowledged batch <paramref name="seq"/>: returns its items, now delivered, or null if
    /// that is not the batch in flight (an acknowledgment of a resend that was already acknowledged).</summary>
    public IReadOnlyList<TItem>? Acknowledge(long seq)
    {
        if (_inFlight is null || seq != _inFlightSeq) return null;
        var delivered = _inFlight;
        _inFlight = null;
        return delivered;
    }

    /// <summary>The batch in flight again, with the current <paramref name="summary"/>, if it has waited longer than the
    /// ack timeout for its acknowledgment (the upper side is down, or a message was lost); null otherwise.</summary>
    public UplinkBatch<TItem, TSummary>? ResendIfOverdue(long now, TSummary summary) =>
        _inFlight is not null && Stopwatch.GetElapsedTime(_inFlightSince, now) > _ackTimeout ? Resend(now, summary) : null;

    /// <summary>The session with the upper side is open (again): returns the batch in flight to send again at once, or
    /// null. The waiting items follow with the next <see cref="Flush"/> after its acknowledgment.</summary>
    public UplinkBatch<TItem, TSummary>? Open(long now, TSummary summary)
    {
        IsOpen = true;
        return _inFlight is null ? null : Resend(now, summary);
    }

    /// <summary>The upper side has no session for the sender: nothing new goes until <see cref="Open"/>.</summary>
    public void Close() => IsOpen = false;

    /// <summary>The next <see cref="Flush"/> with <c>summaryAlone</c> sends the summary even if unchanged (the upper side
    /// has just re-synced something the summary depends on).</summary>
    public void OweSummary() => _summaryOwed = true;

    /// <summary>Replaces the first waiting or in-flight item that <paramref name="match"/> accepts by
    /// <paramref name="update"/> of it; false if there is none.</summary>
    public bool Update(Func<TItem, bool> match, Func<TItem, TItem> update) =>
        Replace(_waiting, match, update) || (_inFlight is not null && Replace(_inFlight, match, update));

    private UplinkBatch<TItem, TSummary> Resend(long now, TSummary summary)
    {
        _inFlightSince = now;
        return new UplinkBatch<TItem, TSummary>(_inFlightSeq, _inFlight!, summary);
    }

    private static bool Replace(List<TItem> items, Func<TItem, bool> match, Func<TItem, TItem> update)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (!match(items[i])) continue;
            items[i] = update(items[i]);
            return true;
        }
        return false;
    }
}
