using MonitorSim.Domain.Operations;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;

namespace MonitorSim.Load.Measurement;

/// <summary>
/// Everything a run measures, and nothing about how the load is made: per operation its counters and latency series,
/// per stream its counts, latency and failures, the alarm hops' latencies and the generator's lag. The engine records
/// into it from the generator's and the system's threads; anything that reads a run's figures (the timeline, a measured
/// window, a live dashboard, sizing) reads them here, without the engine.
/// </summary>
public sealed class RunMeasurement
{
    private readonly OperationMetrics[] _ops;
    private readonly StreamMetrics[] _streams;
    private readonly int[] _streamOp;
    private readonly int[][] _stepOps;
    private readonly bool[] _wire;
    private readonly LatencyRecorder[] _hopResponse;
    private readonly LatencyRecorder[] _hopService;

    /// <summary>Metrics for <paramref name="plans"/>: one series per operation name (a composite's steps each have their
    /// own, after its own name), in the order the plans first name them.</summary>
    public RunMeasurement(IReadOnlyList<StreamPlan> plans)
    {
        var names = plans.SelectMany(p => p.StepNames.Prepend(p.OperationName)).Distinct().ToList();
        _ops = names.Select(n => new OperationMetrics(n)).ToArray();
        _streamOp = plans.Select(p => names.IndexOf(p.OperationName)).ToArray();
        _streams = plans.Select((p, i) => new StreamMetrics(p.StepNames.Count,
            _streamOp.Count(op => op == _streamOp[i]) == 1 ? _ops[_streamOp[i]] : null)).ToArray();
        _stepOps = plans.Select(p => p.StepNames.Select(n => names.IndexOf(n)).ToArray()).ToArray();
        _wire = plans.Select(p => p.Target is null).ToArray();
        _hopResponse = OperationNames.AlarmHops.Select(_ => new LatencyRecorder()).ToArray();
        _hopService = OperationNames.AlarmHops.Select(_ => new LatencyRecorder()).ToArray();
    }

    /// <summary>Per operation name: counters, response and service time.</summary>
    public IReadOnlyList<OperationMetrics> Operations => _ops;

    /// <summary>How late the generator started operations (actual minus intended start).</summary>
    public LatencyRecorder GeneratorLag { get; } = new();

    /// <summary>Response time per alarm hop, in <see cref="OperationNames.AlarmHops"/> order.</summary>
    public IReadOnlyList<LatencyRecorder> HopResponse => _hopResponse;

    /// <summary>Service time per alarm hop, in <see cref="OperationNames.AlarmHops"/> order.</summary>
    public IReadOnlyList<LatencyRecorder> HopService => _hopService;

    /// <summary>Measured failures so far by <c>operation:reason</c>, over every stream, sorted.</summary>
    public SortedDictionary<string, long> Failures()
    {
        var all = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var s in _streams)
            foreach (var (key, count) in s.Failures) all[key] = all.GetValueOrDefault(key) + count;
        return all;
    }

    /// <summary>Stream <paramref name="stream"/>'s measured counts (in plan order).</summary>
    public OperationCounts StreamTotals(int stream) => _streams[stream].Counters.Totals();

    /// <summary>Stream <paramref name="stream"/>'s response time (its whole operations, from their intended start).</summary>
    public LatencyRecorder StreamResponse(int stream) => _streams[stream].Response;

    /// <summary>Stream <paramref name="stream"/>'s service time (its whole operations, from their actual start).</summary>
    public LatencyRecorder StreamService(int stream) => _streams[stream].Service;

    /// <summary>Stream <paramref name="stream"/>'s measured failures by <c>operation:reason</c>, sorted.</summary>
    public SortedDictionary<string, long> StreamFailures(int stream) => new(_streams[stream].Failures, StringComparer.Ordinal);

    /// <summary>Operations started and not yet answered or timed out, over every stream.</summary>
    public long InFlight()
    {
        long n = 0;
        foreach (var s in _streams) n += Math.Max(0, Volatile.Read(ref s.Counters.InFlight));
        return n;
    }

    internal int StreamCount => _streams.Length;

    /// <summary>Whether stream <paramref name="stream"/>'s recorders are its operation's (taken with the operation's).</summary>
    internal bool SharesRecorders(int stream) => _streams[stream].SharesRecorders;

    internal StreamCounters Stream(int stream) => _streams[stream].Counters;

    /// <summary>The index in <see cref="Operations"/> of stream <paramref name="stream"/>'s operation.</summary>
    internal int OperationOf(int stream) => _streamOp[stream];

    /// <summary>The indices in <see cref="Operations"/> of a composite stream's steps (empty for a plain one).</summary>
    internal int[] StepsOf(int stream) => _stepOps[stream];

    /// <summary>How many of a composite stream's steps reported as <paramref name="op"/> were started after the warm-up.</summary>
    internal long StepCount(int stream, int op)
    {
        var s = _streams[stream].Counters;
        var steps = _stepOps[stream];
        long n = 0;
        for (var k = 0; k < steps.Length; k++)
            if (steps[k] == op) n += Interlocked.Read(ref s.StepOffered[k]);
        return n;
    }

    // ---- The generator's side ----

    /// <summary>An operation could not start: its stream was at its in-flight cap.</summary>
    internal void Dropped(int stream, bool warm)
    {
        var s = _streams[stream].Counters;
        if (warm) Interlocked.Increment(ref s.DroppedWarm); else Interlocked.Increment(ref s.Dropped);
    }

    /// <summary>An operation is about to start; it is in flight from now on.</summary>
    internal void Starting(int stream, bool warm)
    {
        var s = _streams[stream].Counters;
        Interlocked.Increment(ref s.InFlight);
        if (!warm) Interlocked.Increment(ref s.InFlightMeasured);
    }

    /// <summary>An operation started <paramref name="lagTicks"/> after its intended start.</summary>
    internal void Started(int stream, long lagTicks, bool warm)
    {
        var s = _streams[stream].Counters;
        GeneratorLag.Record(lagTicks, warm);
        if (warm) Interlocked.Increment(ref s.OfferedWarm); else Interlocked.Increment(ref s.Offered);
        if (s.StepOffered.Length > 0 && !warm) Interlocked.Increment(ref s.StepOffered[0]);
    }

    /// <summary>A composite's later step started (its operation stays in flight).</summary>
    internal void StepStarted(int stream, int step, bool warm)
    {
        if (!warm) Interlocked.Increment(ref _streams[stream].Counters.StepOffered[step]);
    }

    // ---- The system's side: outcomes ----

    /// <summary>One step of a composite: the first from the operation's intended (and actual) start, a later one from when
    /// it began, since it starts the moment the step before it ends. The first step's success also counts the whole
    /// operation's first exchange on the wire.</summary>
    internal void RecordStep(int stream, in OpOutcome o, bool warm)
    {
        var op = _ops[_stepOps[stream][o.Ticket.Step]];
        op.Completed(o.Status == OpStatus.Ok, warm);
        if (!warm) op.AddBytes(WireSizes.Of(o.Kind));
        if (o.Ticket.Step == 0)
        {
            op.Response.Record(o.Completed - o.Ticket.Intended, warm);
            op.Service.Record(o.Completed - o.Ticket.Started, warm);
        }
        else
        {
            op.Response.Record(o.Completed - o.Ticket.StepStarted, warm);
            op.Service.Record(o.Completed - o.Ticket.StepStarted, warm);
        }
        if (o.Ticket.Step == 0 && o.Status == OpStatus.Ok && !warm) _ops[_streamOp[stream]].AddBytes(WireSizes.Of(o.Kind));
    }

    /// <summary>An operation is over (answered or given up): it is no longer in flight.</summary>
    internal void Ended(int stream, bool warm)
    {
        var s = _streams[stream].Counters;
        Interlocked.Decrement(ref s.InFlight);
        if (!warm) Interlocked.Decrement(ref s.InFlightMeasured);
    }

    /// <summary>Records a whole operation's outcome: its counts, wire bytes, response time (from the intended start) and
    /// service time (from the actual start), and a failure's reason (a composite's prefixed by the step it failed at,
    /// <paramref name="failedAt"/>).</summary>
    internal void RecordOutcome(int stream, in OpOutcome o, bool warm, string? failedAt)
    {
        var s = _streams[stream];
        var op = _ops[_streamOp[stream]];
        var ok = o.Status == OpStatus.Ok;
        op.Completed(ok, warm);
        if (!warm) Interlocked.Increment(ref ok ? ref s.Counters.Completed : ref s.Counters.Failed);
        // An answered exchange costs its GB/T 28181 messages (a refusal is about the size of an acceptance); self-test
        // targets have no wire.
        if (!warm && _wire[stream]) op.AddBytes(WireSizes.Of(o.Kind));
        op.Response.Record(o.Completed - o.Ticket.Intended, warm);
        op.Service.Record(o.Completed - o.Ticket.Started, warm);
        s.Record(o.Completed - o.Ticket.Intended, o.Completed - o.Ticket.Started, warm);
        if (ok || warm) return;
        var reason = failedAt is null ? o.Reason ?? "failed" : $"{failedAt}.{o.Reason ?? "failed"}";
        AddFailures(stream, $"{op.Name}:{reason}", 1);
    }

    /// <summary>
    /// An operation given up at <paramref name="at"/>, unanswered (its timeout, or the run's end): counted as failed and
    /// timed out, and recorded in its response and service times up to then (from the intended and the actual start), as
    /// wrk2 and k6 record theirs, so that a percentile cannot look better for operations never answered. A composite's
    /// step in flight (<paramref name="failedAt"/>) is counted and recorded the same way, from when that step began.
    /// </summary>
    internal void RecordTimedOut(int stream, in OpTicket sent, long at, bool warm, string? failedAt)
    {
        var s = _streams[stream];
        var op = _ops[_streamOp[stream]];
        if (failedAt is not null)
        {
            var step = _ops[_stepOps[stream][sent.Step]];
            step.TimedOut(warm);
            step.Response.Record(at - (sent.Step == 0 ? sent.Intended : sent.StepStarted), warm);
            step.Service.Record(at - (sent.Step == 0 ? sent.Started : sent.StepStarted), warm);
        }
        op.TimedOut(warm);
        op.Response.Record(at - sent.Intended, warm);
        op.Service.Record(at - sent.Started, warm);
        s.Record(at - sent.Intended, at - sent.Started, warm);
        if (warm) return;
        Interlocked.Increment(ref s.Counters.Failed);
        Interlocked.Increment(ref s.Counters.TimedOut);
        AddFailures(stream, failedAt is null ? $"{op.Name}:timed_out" : $"{op.Name}:{failedAt}.timed_out", 1);
    }

    /// <summary>An alarm's time to each hop of the tree and back to its camera.</summary>
    internal void RecordHops(in OpOutcome o, bool warm)
    {
        var h = o.Hops;
        _hopResponse[0].Record(h.PointAcked - o.Ticket.Intended, warm);
        _hopService[0].Record(h.PointAcked - o.Ticket.Started, warm);
        Span<long> segments = [h.PlatformAcked - h.PointAcked, h.CityAcked - h.PlatformAcked, o.Completed - h.CityAcked];
        for (var i = 0; i < segments.Length; i++)
        {
            _hopResponse[i + 1].Record(segments[i], warm);
            _hopService[i + 1].Record(segments[i], warm);
        }
    }

    /// <summary><paramref name="count"/> measured operations of a stream whose end nobody saw (lost with another node's
    /// generator): they count as failed for <paramref name="reason"/> and as timed out, with no latency to record.</summary>
    internal void CountTimedOut(int stream, long count, string reason)
    {
        var s = _streams[stream].Counters;
        var op = _ops[_streamOp[stream]];
        op.TimedOut(count);
        Interlocked.Add(ref s.Failed, count);
        Interlocked.Add(ref s.TimedOut, count);
        AddFailures(stream, $"{op.Name}:{reason}", count);
    }

    /// <summary>Adds <paramref name="count"/> failures of stream <paramref name="stream"/> for <paramref name="key"/>
    /// (<c>operation:reason</c>).</summary>
    internal void AddFailures(int stream, string key, long count) => _streams[stream].Failures.AddOrUpdate(key, count, (_, v) => v + count);

    /// <summary>Every stream's failures, cumulative, as a worker's report carries them: <c>stream index|operation:reason</c>.</summary>
    internal Dictionary<string, long> FailuresByStream()
    {
        var all = new Dictionary<string, long>();
        for (var i = 0; i < _streams.Length; i++)
            foreach (var (key, count) in _streams[i].Failures) all[$"{i}|{key}"] = count;
        return all;
    }

    /// <summary>Every latency recorder, in the fixed order a worker's reports carry them (a stream's only when it has its
    /// own). Each is taken once per reporting interval.</summary>
    internal IEnumerable<LatencyRecorder> Recorders() => NamedRecorders().Select(r => r.Recorder);

    /// <summary><see cref="Recorders"/> with what each measures, as an <see cref="ILatencyListener"/> hears it; a stream's
    /// own recorders have no series (the listener hears operations, whose recorders hold the same samples).</summary>
    internal IEnumerable<(LatencyRecorder Recorder, LatencySeries? Series, string Key)> NamedRecorders()
    {
        foreach (var op in _ops)
        {
            yield return (op.Response, LatencySeries.Response, op.Name);
            yield return (op.Service, LatencySeries.Service, op.Name);
        }
        for (var i = 0; i < _hopResponse.Length; i++)
        {
            yield return (_hopResponse[i], LatencySeries.Response, OperationNames.AlarmHops[i]);
            yield return (_hopService[i], LatencySeries.Service, OperationNames.AlarmHops[i]);
        }
        yield return (GeneratorLag, LatencySeries.GeneratorLag, "");
        foreach (var s in _streams)
            if (!s.SharesRecorders) { yield return (s.Response, null, ""); yield return (s.Service, null, ""); }
    }
}
