using System.Diagnostics;
using MonitorSim.Harness.Measurement;
using MonitorSim.Harness.Session;
using MonitorSim.Sizing.Planning;

namespace MonitorSim.Harness.Capacity;

/// <summary>
/// Before each trial of a sizing run, waits with no load offered until the tree is quiet (<see cref="TrialQuiet"/>):
/// every node's CPU, read as a run reads it (this process, and on several nodes every node's report), over samples of
/// <see cref="Sample"/>, below half the cores it may use.
/// </summary>
/// <param name="coresPerNode">The cores a node may use: its quota (the wait runs where the nodes are capped).</param>
internal sealed class TreeQuietWait(TreeSession session, double coresPerNode)
{
    /// <summary>One reading of the nodes' CPU: long enough that a node's CPU time (read to the clock tick of /proc) shows
    /// a quarter of a core, short enough that a quiet tree costs a trial half a second.</summary>
    public static readonly TimeSpan Sample = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait: a tree still busy after it is doing work of its own (a recovery, a leak), which the
    /// trial's progress line shows rather than waiting it out.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(30);

    public Task<TrialQuiet> RunAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        return TrialQuiet.WaitAsync(SampleAsync, coresPerNode, Longest, () => clock.Elapsed, ct);
    }

    private async Task<IReadOnlyCollection<double>> SampleAsync(CancellationToken ct)
    {
        var nodes = session.IsMultiNode ? session : null;
        var before = ResourceSnapshot.Take(null, nodes);
        // Not cancelled mid-sample: the wait checks the token after each sample, and a sample is short.
        await Task.Delay(Sample, CancellationToken.None);
        var usage = await before.UntilAsync(ResourceSnapshot.Take(null, nodes));
        var seconds = Math.Max(1e-9, usage.Seconds);
        return usage.CpuSByNode is { Count: > 0 } byNode ? byNode.Values.Select(c => c / seconds).ToList() : [usage.CpuS / seconds];
    }
}
