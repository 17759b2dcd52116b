using System.Threading.Channels;
using MonitorSim.Domain.Operations;

namespace MonitorSim.Cluster.Tests.Support;

/// <summary>Collects operation outcomes so a test can await them one by one.</summary>
public sealed class OutcomeCollector : IOperationObserver
{
    private readonly Channel<OpOutcome> _outcomes = Channel.CreateUnbounded<OpOutcome>();

    public void OnCompleted(in OpOutcome outcome) => _outcomes.Writer.TryWrite(outcome);

    public async Task<OpOutcome> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await _outcomes.Reader.ReadAsync(cts.Token);
    }

    public async Task<List<OpOutcome>> NextAsync(int count, TimeSpan? timeout = null)
    {
        var list = new List<OpOutcome>(count);
        for (var i = 0; i < count; i++) list.Add(await NextAsync(timeout));
        return list;
    }

    /// <summary>True if no outcome arrives within <paramref name="within"/>.</summary>
    public async Task<bool> StaysSilentAsync(TimeSpan within)
    {
        using var cts = new CancellationTokenSource(within);
        try { await _outcomes.Reader.WaitToReadAsync(cts.Token); return false; }
        catch (OperationCanceledException) { return true; }
    }
}
