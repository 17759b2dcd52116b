using MonitorSim.Domain.Operations;

namespace MonitorSim.Load.Engine;

/// <summary>
/// The load engine in a multi-node run. Each worker node runs an engine on its <see cref="LoadShare"/> (its platforms'
/// cameras and points drive their own node's platforms, so most device traffic never crosses the network) and reports
/// what it measured to the coordinator's engine, which folds the reports into its timeline and totals as if it had
/// measured them itself. A worker that is lost hands its platforms to the coordinator's generator.
/// </summary>
public sealed partial class LoadEngine
{
    /// <summary>How often a worker reports: a worker lost with its node takes at most this much of its figures with it.</summary>
    public static readonly TimeSpan ReportEvery = TimeSpan.FromMilliseconds(250);

    // ---- Worker side ----

    /// <summary>
    /// Runs this node's share of a multi-node run from <paramref name="startAt"/> (a Stopwatch timestamp of the agreed
    /// start) for the scenario's duration, handing a report to <paramref name="report"/> every <see cref="ReportEvery"/>
    /// and a final one when every operation it started is answered or has timed out. <paramref name="stop"/> ends the
    /// generator early (the coordinator aborted the run).
    /// </summary>
    public async Task RunShareAsync(Func<IOperationObserver, IMonitoringTree> tree, long startAt, string node, Action<LoadDelta> report,
        CancellationToken stop)
    {
        if (Share is null or { RunsCoordinatorStreams: true })
            throw new InvalidOperationException("a worker's engine needs a worker's LoadShare");
        // A worker never takes platforms over (only the coordinator does), so it walks only its own members' timers;
        // arrivals whose subject is drawn at random are still walked in full, to draw the same subjects as every node.
        foreach (var st in _streams.Where(x => x.Splits && x.Plan.Population != PopulationKind.None))
            foreach (var step in st.Plan.Schedule.Steps.OfType<IMemberArrivals>())
                step.KeepOnly(member => Share.Owns(_subjects.PlatformOfMember(st.Plan.Population, member)));
        var port = tree(this);
        var generator = Prepare(port, startAt).Start(stop);
        var exporter = new DeltaExporter(Measurement, Acknowledged, () => _completions.Unanswered.Resent, () => GeneratorCpuSeconds, OwnMeasuredBursts);
        while (generator.IsAlive)
        {
            await Task.Delay(ReportEvery, CancellationToken.None);
            report(exporter.Take(node, false));
        }
        await _completions.SettleAsync(_scenario.CompletionTimeout);
        foreach (var last in exporter.TakeFinal(node)) report(last);
        (port as IDisposable)?.Dispose(); // as the coordinator's run does with its own
    }

    // ---- Coordinator side ----

    /// <summary>A worker's generator drives <paramref name="platforms"/>; the run waits for its final report.
    /// <paramref name="number"/> is its node's number, which the <see cref="LatencyListener"/> hears its samples under.</summary>
    public void AddRemote(string node, IReadOnlyList<int> platforms, int number = 0) => _remotes.Add(node, platforms, number);

    /// <summary>Called, before the run ends, with what stops every worker's generator (when the run is aborted or cancelled).</summary>
    public void OnStopRemotes(Action stop) => _remotes.OnStop(stop);

    /// <summary>Folds a worker's report into this engine's figures. Safe from any thread; reports of one worker must come
    /// in the order it sent them (remoting keeps that order between two nodes).</summary>
    public void Absorb(LoadDelta delta) => _remotes.Absorb(delta);

    /// <summary>
    /// A worker's generator is gone with its node (killed, or downed by the cluster). What it had measured up to its last
    /// report stays; the measured operations it still had in flight count as failed (<c>lost_with_node</c>: nobody can
    /// say whether they were answered); and this engine drives its platforms from now on, so their cameras go on.
    /// Returns the platforms taken over (none if the worker had finished or was not known).
    /// </summary>
    public IReadOnlyList<int> RemoteLost(string node, string why) => _remotes.Lost(node, why);
}
