using System.Diagnostics;
using MonitorSim.Harness.Session;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;

namespace MonitorSim.Harness.Measurement;

/// <summary>
/// Runs the engine once on a session and measures it: the window's operations (its <see cref="LoadOutcome"/>) and what
/// the processes used over the same window, read at its start, at the end of its warm-up, at the end of its last
/// interval and once the operations in flight settled. On several nodes every node with a generator drives its own
/// platforms from one agreed instant, and a node a fault kills hands its platforms back to this one.
/// </summary>
public static class MeasuredWindow
{
    public static async Task<WindowResult> RunAsync(TreeSession session, WindowRequest request, CancellationToken ct)
    {
        var run = request.Run;
        var spread = session.Spread;
        ResourceSnapshot Read() => ResourceSnapshot.Take(request.Journal, session.IsMultiNode ? session : null);

        // The measured window's bounds are the engine's own (its warm-up end and its end), read on a timer at those
        // instants rather than at interval rows, which a busy reporter may take late.
        var atStart = Read();
        var readings = new List<Task<ResourceSnapshot?>>();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var scheduledEnd = long.MaxValue;
        ResourceSnapshot? atCutShort = null;
        void OnClockSet(long warmEnd, long end)
        {
            request.OnStart?.Invoke(new WindowStart(run.Name, run.Duration.TotalSeconds, run.WarmUp.TotalSeconds, run.LoadFactor));
            scheduledEnd = end;
            readings.Add(ReadAtAsync(warmEnd, Read, cancel.Token));
            readings.Add(ReadAtAsync(end, Read, cancel.Token));
        }
        // A window cut short (counted load finished, an abort, a stop) ends where the engine says, before its operations
        // in flight settle: read there, so the resources cover the statistics' window and not the drain after it.
        void OnMeasuredEnded(long until)
        {
            if (until < scheduledEnd) atCutShort = Read();
        }
        var engine = new LoadEngine(run, session.Topology, request.Plans, request.Acknowledged)
        {
            Share = spread is null ? null : LoadShare.Coordinator(session.Topology.Platforms.Count, spread.CoordinatorPlatforms),
            Recorder = request.Recorder,
            LatencyListener = request.LatencyListener,
            Window = new WindowHooks(OnClockSet, OnMeasuredEnded),
            OnEvent = request.OnEvent,
            Generator = request.Generator,
        };
        long? startAt = null;
        if (spread is not null)
        {
            startAt = await spread.StartAsync(session.Node!, engine, run, ct);
            if (request.Faults is { } faults) faults.NodeKilled = address => engine.RemoteLost(address, "its node was killed by the scenario's fault");
        }
        var watch = request.OnNodes is { } onNodes
            ? NodeWatch.RunAsync(session, run.ReportInterval < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : run.ReportInterval, onNodes, cancel.Token)
            : Task.CompletedTask;
        LoadOutcome outcome;
        try
        {
            outcome = await engine.RunAsync(
                session.CreateTree,
                _ => session.CityStatusAsync(),
                fault => request.Faults?.Inject(fault) ?? request.WithoutFaults,
                request.OnInterval,
                request.ShouldAbort,
                startAt,
                ct);
        }
        finally
        {
            // A window cut short (stopped by the user, or aborted) is read where it ended; the node watch stops with it.
            cancel.Cancel();
        }
        await watch;
        var atWarmEnd = readings.Count > 0 ? await readings[0] : null;
        var atEnd = atCutShort ?? (readings.Count > 1 ? await readings[1] : null);
        atWarmEnd ??= Read();
        atEnd ??= Read();
        return new WindowResult(engine, outcome, new WindowResources(atStart, atWarmEnd, atEnd, Read()));
    }

    private static readonly TimeSpan MaxSlice = TimeSpan.FromHours(1);

    /// <summary>Reads at the Stopwatch instant <paramref name="due"/>, on a thread of its own (a thread-pool timer waits
    /// behind whatever else the pool is busy with); null when cancelled before it (a window cut short).</summary>
    internal static Task<ResourceSnapshot?> ReadAtAsync(long due, Func<ResourceSnapshot> read, CancellationToken ct)
    {
        var result = new TaskCompletionSource<ResourceSnapshot?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = new Thread(() =>
        {
            while (Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due) is var left && left > TimeSpan.Zero)
            {
                // A simulated year puts its window end a year ahead on the run clock: WaitOne takes at most
                // int.MaxValue ms (~24.8 days), so a far reading waits in hour-long slices.
                var wait = left > MaxSlice ? MaxSlice
                    : left > TimeSpan.FromMilliseconds(2) ? left - TimeSpan.FromMilliseconds(1) : TimeSpan.FromMilliseconds(1);
                if (ct.WaitHandle.WaitOne(wait))
                {
                    result.TrySetResult(null);
                    return;
                }
            }
            result.TrySetResult(read());
        }) { IsBackground = true, Name = "window-reading", Priority = ThreadPriority.AboveNormal };
        reader.Start();
        return result.Task;
    }
}
