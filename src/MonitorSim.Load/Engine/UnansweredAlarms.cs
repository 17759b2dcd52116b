using System.Collections.Concurrent;
using System.Diagnostics;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Load.Engine;

/// <summary>
/// The cameras' side of at-least-once alarm delivery: every alarm sent and not yet answered, re-sent as a SIP client
/// re-sends an unanswered MESSAGE over UDP (RFC 3261 timer E: after T1, then doubling, at most 4 s apart) until it is
/// answered or timer F (64·T1) gives up. The tree drops the duplicates; this side takes only the first answer to each
/// alarm, so an alarm is counted once however often it was sent.
/// </summary>
public sealed class UnansweredAlarms(TimeSpan t1)
{
    private static readonly long T2 = Stopwatch.Frequency * 4;
    private readonly long _t1 = (long)(t1.TotalSeconds * Stopwatch.Frequency);
    private readonly ConcurrentDictionary<(int Stream, int Camera, long Intended), Entry> _pending = new();
    private long _resent;

    /// <summary>Whether alarms are re-sent at all (T1 > 0).</summary>
    public bool Enabled => _t1 > 0;

    /// <summary>How many times alarms were sent again.</summary>
    public long Resent => Interlocked.Read(ref _resent);

    /// <summary>How many alarms are waiting for an answer.</summary>
    public int Count => _pending.Count;

    /// <summary>An alarm has just been sent for the first time (at <paramref name="now"/>, Stopwatch ticks).</summary>
    public void Sent(CameraId camera, AlarmType type, in OpTicket ticket, long now)
    {
        if (!Enabled) return;
        _pending[Key(ticket)] = new Entry(camera, type, ticket, now + _t1, _t1, now + 64 * _t1);
    }

    /// <summary>The first answer to an alarm: true, and it is no longer re-sent. A later answer (to a re-sent copy):
    /// false, and the caller ignores it.</summary>
    public bool Answered(in OpTicket ticket) => !Enabled || _pending.TryRemove(Key(ticket), out _);

    /// <summary>Re-sends every alarm whose timer E is due through <paramref name="resend"/>, and hands the alarms whose
    /// timer F ran out to <paramref name="giveUp"/> (they are then no longer waited for).</summary>
    public void Tick(long now, Action<CameraId, AlarmType, OpTicket> resend, Action<OpTicket> giveUp)
    {
        foreach (var (key, e) in _pending)
        {
            if (now >= e.GiveUpAt)
            {
                if (_pending.TryRemove(key, out _)) giveUp(e.Ticket);
                continue;
            }
            if (now < e.NextAt) continue;
            e.Interval = Math.Min(2 * e.Interval, T2);
            e.NextAt = now + e.Interval;
            Interlocked.Increment(ref _resent);
            resend(e.Camera, e.Type, e.Ticket);
        }
    }

    private static (int, int, long) Key(in OpTicket t) => (t.Stream, t.Subject, t.Intended);

    private sealed class Entry(CameraId camera, AlarmType type, OpTicket ticket, long nextAt, long interval, long giveUpAt)
    {
        public CameraId Camera { get; } = camera;
        public AlarmType Type { get; } = type;
        public OpTicket Ticket { get; } = ticket;
        public long GiveUpAt { get; } = giveUpAt;
        public long NextAt { get; set; } = nextAt;
        public long Interval { get; set; } = interval;
    }
}
