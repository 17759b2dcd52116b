using MonitorSim.Load.Measurement;

namespace MonitorSim.Load.Engine;

/// <summary>
/// The coordinator's side of a multi-node run: the other nodes' generators, whose reports it folds into its own
/// measurement as if it had measured them itself, and whose platforms it takes over when one is lost.
/// </summary>
/// <param name="listener">Hears each worker's samples under its node number (live metrics); it may be null.</param>
internal sealed class RemoteShares(RunMeasurement measurement, RunClock clock, RunEvents events, Results.AcknowledgedOperations acknowledged,
    Func<LoadShare?> share, Func<ILatencyListener?> listener)
{
    private readonly Dictionary<string, RemoteGenerator> _remotes = [];
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _resent;
    private Action? _stop;

    /// <summary>Alarm copies the other nodes' cameras re-sent.</summary>
    public long Resent => Interlocked.Read(ref _resent);

    /// <summary>A worker's generator drives <paramref name="platforms"/>; the run waits for its final report.
    /// <paramref name="number"/> is its node's number, under which the listener hears its samples.</summary>
    public void Add(string node, IReadOnlyList<int> platforms, int number)
    {
        lock (_remotes) _remotes[node] = new RemoteGenerator(node, platforms) { Number = number };
    }

    /// <summary>What stops every worker's generator (when the run is aborted or cancelled).</summary>
    public void OnStop(Action stop) => _stop = stop;

    public void Stop() => _stop?.Invoke();

    /// <summary>CPU seconds the workers' generators reported for themselves.</summary>
    public double GeneratorCpuSeconds()
    {
        lock (_remotes) return _remotes.Values.Sum(r => r.GeneratorCpuSeconds ?? 0);
    }

    /// <summary>The measured bursts of every worker that issued in bursts, from their final reports (a worker lost before
    /// its final report sent none, so its share of each burst is missing from the timing).</summary>
    public IReadOnlyList<IReadOnlyList<BurstDrain>> Bursts()
    {
        RemoteGenerator[] remotes;
        lock (_remotes) remotes = [.. _remotes.Values];
        var bursts = new List<IReadOnlyList<BurstDrain>>();
        foreach (var remote in remotes)
            lock (remote)
                if (remote.Bursts is { Length: > 0 } b) bursts.Add(b);
        return bursts;
    }

    /// <summary>Folds a worker's report into the measurement. Safe from any thread; reports of one worker must come in
    /// the order it sent them (remoting keeps that order between two nodes).</summary>
    public void Absorb(LoadDelta delta)
    {
        RemoteGenerator? remote;
        lock (_remotes) _remotes.TryGetValue(delta.Node, out remote);
        if (remote is null) return; // not a generator of this run
        lock (remote)
        {
            if (remote.Done) return; // lost, or finished already
            var ops = measurement.Operations;
            if (delta.Streams.Length != measurement.StreamCount || delta.Operations.Length != ops.Count)
                throw new InvalidOperationException($"node {delta.Node} runs a different plan ({delta.Streams.Length} streams, {delta.Operations.Length} operations)");
            for (var i = 0; i < delta.Streams.Length; i++)
                measurement.Stream(i).AddDifference(delta.Streams[i], remote.Streams?[i]);
            Span<long> diff = stackalloc long[OperationMetrics.CounterCount];
            for (var i = 0; i < ops.Count; i++)
            {
                for (var k = 0; k < diff.Length; k++) diff[k] = delta.Operations[i][k] - (remote.Operations?[i][k] ?? 0);
                ops[i].AddCounters(diff);
            }
            var r = 0;
            var heard = listener();
            foreach (var (recorder, series, key) in measurement.NamedRecorders())
            {
                recorder.Absorb(delta.Latency[r], delta.Latency[r + 1]);
                if (heard is not null && series is { } kind) Forward(heard, remote, kind, key, delta.Latency[r], delta.Latency[r + 1]);
                r += 2;
            }
            foreach (var (key, count) in delta.Failures)
            {
                var added = count - (remote.Failures?.GetValueOrDefault(key) ?? 0);
                var bar = key.IndexOf('|', StringComparison.Ordinal);
                if (added != 0 && bar > 0 && int.TryParse(key.AsSpan(0, bar), System.Globalization.CultureInfo.InvariantCulture, out var stream)
                    && stream < measurement.StreamCount)
                    measurement.AddFailures(stream, key[(bar + 1)..], added);
            }
            for (var i = 0; i + 1 < delta.Acknowledged.Length; i += 2)
                acknowledged.Alarms.Enqueue(((int)delta.Acknowledged[i], delta.Acknowledged[i + 1]));
            foreach (var s in delta.AcknowledgedSupervision) acknowledged.Supervision.Enqueue(s);
            Interlocked.Add(ref _resent, delta.Resent - remote.Resent);
            remote.Streams = delta.Streams;
            remote.Operations = delta.Operations;
            remote.Failures = delta.Failures;
            remote.Resent = delta.Resent;
            remote.GeneratorCpuSeconds = delta.GeneratorCpuSeconds ?? remote.GeneratorCpuSeconds;
            if (delta.Final) remote.Bursts = delta.Bursts;
            if (delta.Final)
            {
                remote.Done = true;
                CheckDone();
            }
        }
    }

    /// <summary>
    /// A worker's generator is gone with its node (killed, or downed by the cluster). What it had measured up to its last
    /// report stays; the measured operations it still had in flight count as failed (<c>lost_with_node</c>: nobody can
    /// say whether they were answered); and this engine drives its platforms from now on, so their cameras go on.
    /// Returns the platforms taken over (none if the worker had finished or was not known).
    /// </summary>
    public IReadOnlyList<int> Lost(string node, string why)
    {
        RemoteGenerator? remote;
        lock (_remotes) _remotes.TryGetValue(node, out remote);
        if (remote is null) return [];
        lock (remote)
        {
            if (remote.Done) return [];
            remote.Done = true;
            for (var i = 0; i < measurement.StreamCount && remote.Streams is { } last; i++)
                if (last[i][(int)StreamCounter.InFlightMeasured] is > 0 and var left)
                    measurement.CountTimedOut(i, left, "lost_with_node");
            remote.Streams = null;
            share()?.TakeOver(remote.Platforms);
            events.Note($"{clock.EventPrefix()}the load generator on {node} is lost: {why}; this node drives its {remote.Platforms.Count} platforms from now on");
            CheckDone();
            return remote.Platforms;
        }
    }

    /// <summary>Operations the workers have in flight now (per their last reports). Each worker is read under its own
    /// lock after the list's is released: a worker's final report and its loss take the list's lock while holding the
    /// worker's (<see cref="CheckDone"/>), so holding the list's while taking a worker's deadlocked the reporter against
    /// them (a coordinator's run hung for good in CI, 2026-12-05, when a worker was lost while an interval was reported).</summary>
    public long InFlight()
    {
        RemoteGenerator[] remotes;
        lock (_remotes) remotes = [.. _remotes.Values];
        long n = 0;
        foreach (var remote in remotes)
            lock (remote)
                if (!remote.Done && remote.Streams is { } streams)
                    foreach (var s in streams) n += s[(int)StreamCounter.InFlight];
        return n;
    }

    /// <summary>Waits (at most <paramref name="limit"/>) for every worker's final report; a worker still silent then is lost.</summary>
    public async Task FinishedAsync(TimeSpan limit)
    {
        List<string> silent;
        lock (_remotes)
        {
            if (_remotes.Count == 0) return;
            CheckDone();
        }
        await Task.WhenAny(_done.Task, Task.Delay(limit));
        lock (_remotes) silent = _remotes.Values.Where(r => !r.Done).Select(r => r.Node).ToList();
        foreach (var node in silent)
            Lost(node, $"it sent no final report within {limit.TotalSeconds:0} s of the end, so its operations in flight count as lost");
    }

    /// <summary>Completes the wait for the workers once every one is done. Called with a worker's lock held (its final
    /// report, its loss): so nothing may hold the list's lock while taking a worker's (see <see cref="InFlight"/>).</summary>
    private void CheckDone()
    {
        lock (_remotes)
            if (_remotes.Values.All(r => r.Done)) _done.TrySetResult();
    }

    /// <summary>Hands a worker's samples of one recorder to the listener, decoded into the worker's own scratch histogram
    /// (called under the worker's lock, so one at a time per worker).</summary>
    private static void Forward(ILatencyListener listener, RemoteGenerator remote, LatencySeries series, string key, params byte[][] encoded)
    {
        foreach (var samples in encoded)
        {
            if (samples.Length == 0) continue;
            remote.Scratch ??= new HdrHistogram.LongHistogram(1, LatencyRecorder.Highest, 3);
            remote.Scratch.Reset();
            LatencyRecorder.Decode(samples, remote.Scratch);
            listener.Samples(series, key, remote.Number, remote.Scratch);
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
        public BurstDrain[]? Bursts { get; set; }
        public bool Done { get; set; }
    }
}
