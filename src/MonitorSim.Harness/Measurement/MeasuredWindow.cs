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
        var engine = new LoadEngine(run, session.Topology, request.Plans)
        {
            Share = spread is null ? null : LoadShare.Coordinator(session.Topology.Platforms.Count, spread.CoordinatorPlatforms),
            Recorder = request.Recorder,
            LatencyListener = request.LatencyListener,
        };
        ResourceSnapshot Read() => ResourceSnapshot.Take(request.Journal, session.IsMultiNode ? session : null);

        var atStart = Read();
        ResourceSnapshot? atWarmEnd = run.WarmUp <= TimeSpan.Zero ? atStart : null, atEnd = null;
        // Readings are taken at interval rows (the reporter thread's clock): the row that closes the warm-up, and the
        // last scheduled row, each allowed to come half an interval early.
        var halfInterval = run.ReportInterval.TotalSeconds / 2;
        var warmEndS = run.WarmUp.TotalSeconds - halfInterval;
        var endS = run.Duration.TotalSeconds - halfInterval;
        void OnInterval(TimelineRow row)
        {
            if (atWarmEnd is null) { if (row.TS >= warmEndS) atWarmEnd = Read(); }
            else if (atEnd is null && row.TS >= endS) atEnd = Read();
            request.OnInterval?.Invoke(row);
        }

        long? startAt = null;
        if (spread is not null)
        {
            startAt = await spread.StartAsync(session.Node!, engine, run, ct);
            if (request.Faults is { } faults) faults.NodeKilled = address => engine.RemoteLost(address, "its node was killed by the scenario's fault");
        }
        var outcome = await engine.RunAsync(
            session.CreateTree,
            _ => session.CityStatusAsync(),
            fault => request.Faults?.Inject(fault) ?? request.WithoutFaults,
            OnInterval,
            ct,
            request.ShouldAbort,
            startAt);
        // A window cut short (stopped by the user, or aborted) is read where it ended.
        atWarmEnd ??= Read();
        atEnd ??= Read();
        return new WindowResult(engine, outcome, new WindowResources(atStart, atWarmEnd, atEnd, Read()));
    }
}
