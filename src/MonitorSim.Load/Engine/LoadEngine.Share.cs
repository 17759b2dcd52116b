using System.Diagnostics;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Measurement;

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

    private const int MaxAcknowledgedPerReport = 20_000;

    private readonly Dictionary<string, RemoteGenerator> _remotes = [];
    private readonly TaskCompletionSource _remotesDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _remoteResent;
    private Action? _stopRemotes;

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
            foreach (var step in st.Plan.Steps.OfType<IMemberArrivals>())
                step.KeepOnly(member => Share.Owns(PlatformOfMember(st.Plan.Population, member)));
        _tree = tree(this);
        var generator = StartGenerator(StartClock(startAt), stop);
        var exporter = new DeltaExporter(this);
        while (generator.IsAlive)
        {
            await Task.Delay(ReportEvery, CancellationToken.None);
            report(exporter.Take(node, false));
        }
        await SettleInFlightAsync();
        report(exporter.Take(node, true));
    }

    private int PlatformOfMember(PopulationKind population, int member) => population switch
    {
        PopulationKind.Camera => _topology.PlatformOf(new CameraId(member)).Value,
        PopulationKind.Point => _topology.PlatformOf(new PointId(member)).Value,
        _ => member,
    };

    /// <summary>Reads a worker's cumulative counters and the latency samples since the last report.</summary>
    private sealed class DeltaExporter(LoadEngine engine)
    {
        public LoadDelta Take(string node, bool final)
        {
            var streams = engine._streams.Select(s => new long[]
            {
                Interlocked.Read(ref s.Offered), Interlocked.Read(ref s.OfferedWarm), Interlocked.Read(ref s.Dropped),
                Interlocked.Read(ref s.DroppedWarm), Interlocked.Read(ref s.Completed), Interlocked.Read(ref s.Failed),
                Interlocked.Read(ref s.TimedOut), Math.Max(0, Volatile.Read(ref s.InFlight)), Math.Max(0, Volatile.Read(ref s.InFlightMeasured)),
            }.Concat(s.StepOffered).ToArray()).ToArray();
            var latency = new List<byte[]>();
            foreach (var recorder in engine.Recorders())
            {
                var (warm, measured) = recorder.TakeIntervalEncoded();
                latency.Add(warm);
                latency.Add(measured);
            }
            var acknowledged = new List<long>();
            // At most so many per report (a report must fit in one remoting frame); the rest go with the next.
            for (var n = 0; n < MaxAcknowledgedPerReport && engine.AcknowledgedAlarms.TryDequeue(out var a); n++)
            {
                acknowledged.Add(a.Camera);
                acknowledged.Add(a.AlarmId);
            }
            return new LoadDelta(node, final, streams, engine._ops.Select(o => o.Counters()).ToArray(), latency.ToArray(),
                new Dictionary<string, long>(engine._failures), acknowledged.ToArray(), engine._unanswered.Resent,
                final ? engine.GeneratorCpuSeconds : null);
        }
    }

    /// <summary>Every latency recorder, in the fixed order reports carry them.</summary>
    private IEnumerable<LatencyRecorder> Recorders() => NamedRecorders().Select(r => r.Recorder);

    // ---- Coordinator side ----

    /// <summary>A worker's generator drives <paramref name="platforms"/>; the run waits for its final report.
    /// <paramref name="number"/> is its node's number, which the <see cref="LatencyListener"/> hears its samples under.</summary>
    public void AddRemote(string node, IReadOnlyList<int> platforms, int number = 0)
    {
        lock (_remotes) _remotes[node] = new RemoteGenerator(node, platforms) { Number = number };
    }

    /// <summary>Called, before the run ends, with what stops every worker's generator (when the run is aborted or cancelled).</summary>
    public void OnStopRemotes(Action stop) => _stopRemotes = stop;

    private void StopRemotes() => _stopRemotes?.Invoke();

    /// <summary>Folds a worker's report into this engine's figures. Safe from any thread; reports of one worker must come
    /// in the order it sent them (remoting keeps that order between two nodes).</summary>
    public void Absorb(LoadDelta delta)
    {
        RemoteGenerator? remote;
        lock (_remotes) _remotes.TryGetValue(delta.Node, out remote);
        if (remote is null) return; // not a generator of this run
        lock (remote)
        {
            if (remote.Done) return; // lost, or finished already
            if (delta.Streams.Length != _streams.Length || delta.Operations.Length != _ops.Length)
                throw new InvalidOperationException($"node {delta.Node} runs a different plan ({delta.Streams.Length} streams, {delta.Operations.Length} operations)");
            for (var i = 0; i < _streams.Length; i++)
            {
                var s = _streams[i];
                var now = delta.Streams[i];
                var before = remote.Streams?[i];
                long Diff(StreamCounter c) => now[(int)c] - (before?[(int)c] ?? 0);
                Interlocked.Add(ref s.Offered, Diff(StreamCounter.Offered));
                Interlocked.Add(ref s.OfferedWarm, Diff(StreamCounter.OfferedWarm));
                Interlocked.Add(ref s.Dropped, Diff(StreamCounter.Dropped));
                Interlocked.Add(ref s.DroppedWarm, Diff(StreamCounter.DroppedWarm));
                Interlocked.Add(ref s.Completed, Diff(StreamCounter.Completed));
                Interlocked.Add(ref s.Failed, Diff(StreamCounter.Failed));
                Interlocked.Add(ref s.TimedOut, Diff(StreamCounter.TimedOut));
                var steps = (int)StreamCounter.InFlightMeasured + 1;
                for (var k = 0; k < s.StepOffered.Length; k++)
                    Interlocked.Add(ref s.StepOffered[k], now[steps + k] - (before?[steps + k] ?? 0));
            }
            Span<long> diff = stackalloc long[OperationMetrics.CounterCount];
            for (var i = 0; i < _ops.Length; i++)
            {
                for (var k = 0; k < diff.Length; k++) diff[k] = delta.Operations[i][k] - (remote.Operations?[i][k] ?? 0);
                _ops[i].AddCounters(diff);
            }
            var r = 0;
            foreach (var recorder in Recorders()) { recorder.Absorb(delta.Latency[r], delta.Latency[r + 1]); r += 2; }
            ForwardSamples(remote, delta);
            foreach (var (reason, count) in delta.Failures)
            {
                var added = count - (remote.Failures?.GetValueOrDefault(reason) ?? 0);
                if (added != 0) _failures.AddOrUpdate(reason, added, (_, v) => v + added);
            }
            for (var i = 0; i + 1 < delta.Acknowledged.Length; i += 2)
                AcknowledgedAlarms.Enqueue(((int)delta.Acknowledged[i], delta.Acknowledged[i + 1]));
            Interlocked.Add(ref _remoteResent, delta.Resent - remote.Resent);
            remote.Streams = delta.Streams;
            remote.Operations = delta.Operations;
            remote.Failures = delta.Failures;
            remote.Resent = delta.Resent;
            remote.GeneratorCpuSeconds = delta.GeneratorCpuSeconds ?? remote.GeneratorCpuSeconds;
            if (delta.Final)
            {
                remote.Done = true;
                CheckRemotesDone();
            }
        }
    }

    /// <summary>
    /// A worker's generator is gone with its node (killed, or downed by the cluster). What it had measured up to its last
    /// report stays; the measured operations it still had in flight count as failed (<c>lost_with_node</c>: nobody can
    /// say whether they were answered); and this engine drives its platforms from now on, so their cameras go on.
    /// Returns the platforms taken over (none if the worker had finished or was not known).
    /// </summary>
    public IReadOnlyList<int> RemoteLost(string node, string why)
    {
        RemoteGenerator? remote;
        lock (_remotes) _remotes.TryGetValue(node, out remote);
        if (remote is null) return [];
        lock (remote)
        {
            if (remote.Done) return [];
            remote.Done = true;
            for (var i = 0; i < _streams.Length && remote.Streams is { } last; i++)
                if (last[i][(int)StreamCounter.InFlightMeasured] is > 0 and var left)
                    CountTimedOut(_streams[i], left, "lost_with_node");
            remote.Streams = null;
            Share?.TakeOver(remote.Platforms);
            var at = _runStart == 0 ? "" : $"t={Stopwatch.GetElapsedTime(_runStart).TotalSeconds:0.0}s ";
            _events.Enqueue($"{at}the load generator on {node} is lost: {why}; this node drives its {remote.Platforms.Count} platforms from now on");
            CheckRemotesDone();
            return remote.Platforms;
        }
    }

    /// <summary>Operations the workers have in flight now (per their last reports).</summary>
    private long RemoteInFlight()
    {
        long n = 0;
        lock (_remotes)
            foreach (var remote in _remotes.Values)
                lock (remote)
                    if (!remote.Done && remote.Streams is { } streams)
                        foreach (var s in streams) n += s[(int)StreamCounter.InFlight];
        return n;
    }

    private void CheckRemotesDone()
    {
        lock (_remotes)
            if (_remotes.Values.All(r => r.Done)) _remotesDone.TrySetResult();
    }

    /// <summary>Waits (at most <paramref name="limit"/>) for every worker's final report; a worker still silent then is lost.</summary>
    private async Task RemotesFinishedAsync(TimeSpan limit)
    {
        List<string> silent;
        lock (_remotes)
        {
            if (_remotes.Count == 0) return;
            CheckRemotesDone();
        }
        await Task.WhenAny(_remotesDone.Task, Task.Delay(limit));
        lock (_remotes) silent = _remotes.Values.Where(r => !r.Done).Select(r => r.Node).ToList();
        foreach (var node in silent)
        {
            RemoteLost(node, $"it sent no final report within {limit.TotalSeconds:0} s of the end, so its operations in flight count as lost");
        }
    }

    private sealed class RemoteGenerator(string node, IReadOnlyList<int> platforms)
    {
        public string Node { get; } = node;
        public int Number { get; init; }
        public HdrHistogram.LongHistogram? Scratch { get; set; }
        public IReadOnlyList<int> Platforms { get; } = platforms;
        public long[][]? Streams { get; set; }
        public long[][]? Operations { get; set; }
        public Dictionary<string, long>? Failures { get; set; }
        public long Resent { get; set; }
        public double? GeneratorCpuSeconds { get; set; }
        public bool Done { get; set; }
    }
}
