using System.Diagnostics;
using MonitorSim.Domain.Operations;

namespace MonitorSim.Load.Targets;

/// <summary>
/// Completes operations at given Stopwatch times on one background thread, so a target can answer "later" without a
/// timer per operation. Entries may be added from one thread at a time (the generator).
/// </summary>
internal sealed class DelayLine : IDisposable
{
    private readonly IOperationObserver _observer;
    private readonly PriorityQueue<OpTicket, long> _due = new();
    private readonly Lock _gate = new();
    private readonly Thread _thread;
    private readonly AutoResetEvent _wake = new(false);
    private volatile bool _stopped;

    public DelayLine(IOperationObserver observer, string name)
    {
        _observer = observer;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    public void CompleteAt(in OpTicket ticket, long at)
    {
        bool earliest;
        lock (_gate)
        {
            earliest = !_due.TryPeek(out _, out var head) || at < head;
            _due.Enqueue(ticket, at);
        }
        if (earliest) _wake.Set();
    }

    private void Run()
    {
        while (!_stopped)
        {
            long wait;
            lock (_gate)
            {
                var now = Stopwatch.GetTimestamp();
                while (_due.TryPeek(out var ticket, out var at) && at <= now)
                {
                    _due.Dequeue();
                    _observer.OnCompleted(new OpOutcome(ticket, OperationKind.Keepalive, OpStatus.Ok, now));
                }
                wait = _due.TryPeek(out _, out var next) ? next - now : long.MaxValue;
            }
            // Sleep until the next due answer (or a new, earlier one arrives); ~1 ms granularity, like the generator.
            var ms = wait == long.MaxValue ? 50 : Math.Clamp((int)(wait * 1000 / Stopwatch.Frequency), 0, 50);
            if (ms > 0) _wake.WaitOne(ms); else Thread.Yield();
        }
    }

    public void Dispose()
    {
        _stopped = true;
        _wake.Set();
        _thread.Join();
        _wake.Dispose();
    }
}
