using System.Threading.Channels;
using MonitorSim.Domain.Operations;

namespace MonitorSim.Sip.Tests.Support;

/// <summary>Collects operation outcomes in arrival order and lets a test wait for them (no sleeping).</summary>
public sealed class OutcomeRecorder : IOperationObserver
{
    private readonly Channel<OpOutcome> _outcomes = Channel.CreateUnbounded<OpOutcome>();

    public void OnCompleted(in OpOutcome outcome) => _outcomes.Writer.TryWrite(outcome);

    /// <summary>The next outcome (fails the test after <paramref name="seconds"/>).</summary>
    public async Task<OpOutcome> NextAsync(double seconds = 10)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            return await _outcomes.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"no outcome arrived within {seconds} s");
            throw;
        }
    }

    /// <summary>Whether an outcome is waiting now.</summary>
    public bool HasMore => _outcomes.Reader.Count > 0;
}
