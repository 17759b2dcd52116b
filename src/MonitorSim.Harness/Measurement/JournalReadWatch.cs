using System.Diagnostics;
using MonitorSim.Cluster.Actors;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Results;

namespace MonitorSim.Harness.Measurement;

/// <summary>
/// Reads the busiest platform's journal stream at intervals while the load runs, as that platform's restart would read
/// it (<see cref="JournalReadProbe"/>), so that a run says whether the journal's read time grows with the journal — the
/// soak's second question beside memory. One read every <see cref="IntervalFor"/>, from the load's start until
/// <see cref="StopAsync"/>, plus a last one then.
/// </summary>
public sealed class JournalReadWatch : IAsyncDisposable
{
    /// <summary>How long a read may take before it counts as unfinished.</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);

    private readonly TreeNode _node;
    private readonly string _persistenceId;
    private readonly List<JournalReadSample> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private readonly Task _loop;

    private JournalReadWatch(TreeNode node, string persistenceId, TimeSpan interval)
    {
        _node = node;
        _persistenceId = persistenceId;
        _loop = LoopAsync(interval);
    }

    /// <summary>Starts reading now (the load's start), every <paramref name="interval"/>.</summary>
    public static JournalReadWatch Start(TreeNode node, CityTopology topology, TimeSpan interval)
    {
        var busiest = topology.Platforms.MaxBy(p => p.CameraCount)!;
        return new JournalReadWatch(node, PlatformActor.PersistenceIdOf(node.JournalKey, busiest.Id.Value), interval);
    }

    /// <summary>A sample a minute over long runs, and about thirty over short ones (at least one every 5 s): enough to
    /// compare the first third with the last at a cost of one platform recovery per interval.</summary>
    public static TimeSpan IntervalFor(TimeSpan runDuration) =>
        TimeSpan.FromSeconds(Math.Clamp(runDuration.TotalSeconds / 30, 5, 60));

    /// <summary>Stops the readings after one last read, and returns them all.</summary>
    public async Task<JournalReads> StopAsync()
    {
        await DisposeAsync();
        await SampleAsync();
        return new JournalReads(_persistenceId, _node.Options.Store.Display, _samples.ToList());
    }

    /// <summary>Stops the readings without a last one (a run that failed); safe to call again.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task LoopAsync(TimeSpan interval)
    {
        try
        {
            while (!_stop.Token.IsCancellationRequested)
            {
                await SampleAsync();
                await Task.Delay(interval, _stop.Token);
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task SampleAsync()
    {
        var at = Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
        JournalRead? read;
        try
        {
            read = await JournalReadProbe.ReadAsync(_node.System, _persistenceId, ReadTimeout);
        }
        catch (Exception)
        {
            // A read the store refused (an outage a scenario injects) is a read that did not finish: counted, not fatal.
            read = null;
        }
        _samples.Add(read is null
            ? new JournalReadSample(Math.Round(at, 3), null, 0, 0)
            : new JournalReadSample(Math.Round(at, 3), Math.Round(read.ReadMs, 3), read.EventsReplayed, read.HighestSequenceNr));
    }
}
