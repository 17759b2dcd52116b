using MonitorSim.Domain.Operations;

namespace MonitorSim.Benchmarks.Routing;

/// <summary>Counts down the outcomes of one batch of operations and wakes the benchmark thread when the last one is in.
/// Called on the actors' threads; allocates nothing.</summary>
internal sealed class BatchObserver : IOperationObserver, IDisposable
{
    private readonly ManualResetEventSlim _done = new(false, spinCount: 1);
    private OperationKind _kind;
    private int _remaining;
    private int _notOk;
    private int _unexpected;
    private string? _lastReason;

    /// <summary>Outcomes of the current batch still missing.</summary>
    public int Remaining => Volatile.Read(ref _remaining);

    /// <summary>Outcomes of the current batch that were not <see cref="OpStatus.Ok"/>.</summary>
    public int NotOk => Volatile.Read(ref _notOk);

    /// <summary>Outcomes of another kind than the batch's (late answers of an earlier batch would show here).</summary>
    public int Unexpected => Volatile.Read(ref _unexpected);

    /// <summary>Reason given by the last outcome that was not OK.</summary>
    public string? LastReason => Volatile.Read(ref _lastReason);

    /// <summary>Arms the observer for <paramref name="count"/> outcomes of <paramref name="kind"/>; call before starting them.</summary>
    public void Expect(OperationKind kind, int count)
    {
        _kind = kind;
        _notOk = 0;
        _unexpected = 0;
        _lastReason = null;
        _done.Reset();
        Volatile.Write(ref _remaining, count);
    }

    public bool Wait(TimeSpan timeout) => _done.Wait(timeout);

    public void OnCompleted(in OpOutcome outcome)
    {
        if (outcome.Kind != _kind)
        {
            Interlocked.Increment(ref _unexpected);
            return;
        }
        if (outcome.Status != OpStatus.Ok)
        {
            Interlocked.Increment(ref _notOk);
            Volatile.Write(ref _lastReason, outcome.Reason ?? outcome.Status.ToString());
        }
        if (Interlocked.Decrement(ref _remaining) == 0) _done.Set();
    }

    public void Dispose() => _done.Dispose();
}
