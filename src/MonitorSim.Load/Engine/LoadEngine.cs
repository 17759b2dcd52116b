using System.Collections.Concurrent;
using System.Diagnostics;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Measurement;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Load.Engine;

/// <summary>
/// Drives the system under test on an open model: one generator thread issues every stream's operations at their
/// intended times (catching up, never skipping, when it falls behind), outcomes arrive on the system's threads, and a
/// reporter samples everything once per interval. Response time counts from the intended start, so a stalled system
/// cannot hide its stall by slowing the generator down (no coordinated omission).
/// </summary>
public sealed partial class LoadEngine : IOperationObserver
{
    private readonly ScenarioDefinition _scenario;
    private readonly CityTopology _topology;
    private readonly IReadOnlyList<StreamPlan> _plans;
    private readonly StreamState[] _streams;
    private readonly OperationMetrics[] _ops;
    private readonly LatencyRecorder[] _hopResponse;
    private readonly LatencyRecorder[] _hopService;
    private readonly LatencyRecorder _lag = new();
    private readonly ConcurrentDictionary<string, long> _failures = new();
    private readonly ConcurrentQueue<(long Due, int Camera)> _reactions = new();
    private readonly ConcurrentQueue<string> _events = new();
    private readonly int _reregisterStream;
    private readonly long _reregisterJitter;
    private long _runStart;
    private long _warmEnd;
    private volatile bool _closed;
    private readonly CancellationTokenSource _finished = new(); // every stream has finished before the duration
    private int _faultsPending;
    private readonly bool _endsWhenFinished;
    private readonly AutoResetEvent _wake = new(false);   // a closed-model copy became free
    private IMonitoringTree? _tree;
    private Targets.SipCameras? _sip;
    // The generator thread's own CPU clock where the warm-up ends and where the thread ends (NaN: not readable here).
    private double? _generatorCpuAtWarm;
    private double? _generatorCpuAtEnd;
    private readonly UnansweredAlarms _unanswered;
    private static readonly long RetransmitCheck = Stopwatch.Frequency / 50; // 20 ms: timer E's resolution

    public LoadEngine(ScenarioDefinition scenario, CityTopology topology, IReadOnlyList<StreamPlan>? plans = null)
    {
        _scenario = scenario;
        _topology = topology;
        _plans = plans ?? LoadPlanner.Plan(scenario, topology);
        var names = _plans.SelectMany(p => p.StepNames.Prepend(p.OperationName)).Distinct().ToList();
        _ops = names.Select(n => new OperationMetrics(n)).ToArray();
        _streams = _plans.Select((p, i) => new StreamState(p, names.IndexOf(p.OperationName), unchecked(scenario.Seed * 100_003 + i * 7919 + 13))
        {
            StepOps = p.StepNames.Select(n => names.IndexOf(n)).ToArray(),
            Feed = p.Feed is { } feed ? new ResolvedFeed.Cursor(feed, new MathNet.Numerics.Random.Xorshift(unchecked(scenario.Seed * 31 + i), threadSafe: false)) : null,
        }).ToArray();
        _hopResponse = OperationNames.AlarmHops.Select(_ => new LatencyRecorder()).ToArray();
        _hopService = OperationNames.AlarmHops.Select(_ => new LatencyRecorder()).ToArray();
        _reregisterStream = _plans.ToList().FindIndex(p => p.Reactive);
        _endsWhenFinished = _plans.Any(p => p.CountsIterations);
        _reregisterJitter = LoadPlanner.Ticks(scenario.Monitoring.ReregisterJitter / scenario.Compression);
        _unanswered = new UnansweredAlarms(_plans.Any(p => p is { Target: null, Sip: null, Kind: OperationKind.Alarm })
            ? scenario.Monitoring.AlarmRetransmit
            : TimeSpan.Zero);
    }

    /// <summary>Most operations allowed in flight per stream unless the stream sets its own <c>max_in_flight</c>; beyond it
    /// new ones are dropped and counted.</summary>
    public int MaxInFlightPerStream { get; init; } = 200_000;

    /// <summary>The part of the workload this engine drives in a multi-node run (null: all of it).</summary>
    public LoadShare? Share { get; init; }

    /// <summary>Whether this engine generates stream <paramref name="i"/>'s arrivals at all.</summary>
    private bool Generates(int i) => Share is not { } share || share.RunsCoordinatorStreams || _streams[i].Splits;

    public IReadOnlyList<StreamPlan> Plans => _plans;

    /// <summary>CPU seconds this engine's generator thread spent after the warm-up (0 if it ended inside it), plus what
    /// every worker's generator reported for its own; null before the generator has ended, or where a thread's CPU time
    /// cannot be read. What a test rig spends generating load, not what the system under test spends.</summary>
    public double? GeneratorCpuSeconds
    {
        get
        {
            if (_generatorCpuAtEnd is not { } end || double.IsNaN(end)) return null;
            var own = _generatorCpuAtWarm is { } warm ? (double.IsNaN(warm) ? double.NaN : end - warm) : 0;
            if (double.IsNaN(own)) return null;
            lock (_remotes) return own + _remotes.Values.Sum(r => r.GeneratorCpuSeconds ?? 0);
        }
    }

    /// <summary>Hears every operation offered to the tree (<c>run --record</c>); null: nothing is recorded.</summary>
    public IOperationRecorder? Recorder { get; init; }

    private CancellationToken _generatorStop;

    /// <summary>Every alarm the tree acknowledged (the city recorded it) during the run, warm-up included: the camera and
    /// the id it was stored under, to be checked against the journal afterwards.</summary>
    public ConcurrentQueue<(int Camera, long AlarmId)> AcknowledgedAlarms { get; } = new();

    /// <summary>Runs the workload against <paramref name="tree"/> (built with this engine as its observer).</summary>
    /// <param name="probe">Reads the city's roll-up once per interval.</param>
    /// <param name="injectFault">Carries out a scenario fault and says what it did.</param>
    /// <param name="onInterval">Called with every timeline row (live progress).</param>
    /// <param name="shouldAbort">Called after every interval past the warm-up with the figures so far and the seconds they
    /// cover; a reason returned stops the run there (thresholds with <c>abort</c>).</param>
    public async Task<LoadOutcome> RunAsync(
        Func<IOperationObserver, IMonitoringTree> tree,
        Func<CancellationToken, Task<TreeStatus>> probe,
        Func<FaultDefinition, string> injectFault,
        Action<TimelineRow>? onInterval = null,
        CancellationToken ct = default,
        Func<LoadOutcome, double, string?>? shouldAbort = null,
        long? startAt = null)
    {
        // SIP-targeted streams drive cameras over real SIP; the in-cluster tree is built only if a stream still uses it.
        _sip = await Targets.SipCameras.StartAsync(_plans, _topology.CameraCount, this, ct);
        var cluster = _plans.Any(p => p is { Target: null, Sip: null }) ? tree(this) : null;
        _tree = _sip?.Route(cluster) ?? cluster;
        foreach (var st in _streams)
            if (st.Plan.Target is { } target) st.Runner = Targets.SelfTestRunner.Create(target, this, st.Seed);
        // A multi-node run starts at an agreed instant, so that every node's generator walks the same schedule.
        if (startAt is { } at) await WaitUntilAsync(at, ct);
        var end = StartClock(startAt ?? Stopwatch.GetTimestamp());

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var generator = StartGenerator(end, stop.Token);
        _faultsPending = _scenario.Faults.Count;
        var faults = _scenario.Faults.Select(f => InjectAtAsync(f, injectFault, stop.Token)).ToList();
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct, _finished.Token);

        var timeline = new List<TimelineRow>();
        var last = TreeStatus.Unknown;
        string? abortedBy = null;
        var measuredUntil = end;
        var intervalTicks = LoadPlanner.Ticks(_scenario.ReportInterval);
        var previous = _runStart;
        for (long n = 1; ; )
        {
            var due = Math.Min(_runStart + n * intervalTicks, end);
            var finished = !await WaitUntilAsync(due, wait.Token);
            if (finished && ct.IsCancellationRequested) break; // ended by the user
            // Counters are read at the interval's end; the city's roll-up is asked for afterwards (it may be slow or down).
            var now = Stopwatch.GetTimestamp();
            var counts = TakeInterval(now, previous);
            previous = now;
            last = await ProbeAsync(probe, last, ct);
            var row = counts with { Tree = last };
            timeline.Add(row);
            onInterval?.Invoke(row);
            if (!row.WarmUp && shouldAbort is not null)
            {
                var measured = LoadPlanner.Seconds(now - _warmEnd);
                if (shouldAbort(Outcome(timeline, last, measured, null), measured) is { } reason)
                {
                    abortedBy = reason;
                    _events.Enqueue($"t={row.TS:0.0}s run aborted: {reason}");
                    measuredUntil = now;
                    break;
                }
            }
            if (finished)
            {
                measuredUntil = now;
                _events.Enqueue($"t={row.TS:0.0}s every stream has finished; the run ends before its duration ({Durations.Format(_scenario.Duration)})");
                break;
            }
            // A reporter woken late past the end has covered the run: no catch-up row a few ms long after it.
            if (due >= end || now >= end) break;
            // A reporter woken late covers the longer interval in one row rather than adding rows a few ms long: the next
            // row ends on the interval grid, at least half an interval from now.
            n = Math.Max(n + 1, (now - _runStart) / intervalTicks + 1);
            if (_runStart + n * intervalTicks - now < intervalTicks / 2) n++;
        }
        // The generator stops by itself once every arrival due before the end is issued (late ones included: they are
        // offered, never skipped); only a cancelled or aborted run stops it early.
        if (abortedBy is not null || ct.IsCancellationRequested)
        {
            stop.Cancel();
            StopRemotes();
        }
        if (ct.IsCancellationRequested) measuredUntil = Math.Min(measuredUntil, Stopwatch.GetTimestamp()); // ended by the user
        generator.Join();
        stop.Cancel(); // faults scheduled past the end (a shortened --duration) are not injected
        await Task.WhenAll(faults);

        await SettleInFlightAsync();
        if (_sip is not null)
        {
            foreach (var line in _sip.Summary()) _events.Enqueue(line);
            await _sip.DisposeAsync();
        }
        // The other nodes' generators finish on the same schedule; their last reports complete the figures.
        await RemotesFinishedAsync(TimeSpan.FromSeconds(10) + _scenario.CompletionTimeout);
        var resent = _unanswered.Resent + Interlocked.Read(ref _remoteResent); // this node's cameras and the other nodes'
        if (resent > 0)
            _events.Enqueue($"cameras re-sent unanswered alarms {resent:N0} times (SIP over UDP, T1 = " +
                            $"{Durations.Format(_scenario.Monitoring.AlarmRetransmit)}); the tree drops the copies, and each alarm counts once");
        var final = await ProbeAsync(probe, last, CancellationToken.None);
        if (timeline.Count > 0)
        {
            // Answers that arrived after the last interval (within the completion timeout) get a row of their own.
            var tail = TakeInterval(Stopwatch.GetTimestamp(), previous) with { Tree = final };
            if (tail.Offered + tail.Completed + tail.Failed > 0) timeline.Add(tail);
        }
        return Outcome(timeline, final, Math.Max(0, LoadPlanner.Seconds(measuredUntil - _warmEnd)), abortedBy);
    }


    /// <summary>Sets the run's start (a Stopwatch timestamp) and the end of its warm-up; returns when the run ends.</summary>
    private long StartClock(long runStart)
    {
        _runStart = runStart;
        _warmEnd = _runStart + LoadPlanner.Ticks(_scenario.WarmUp);
        foreach (var plan in _plans)
            foreach (var step in plan.Steps.OfType<IRoutedArrivals>()) step.Begin(runStart);
        Recorder?.Started(runStart);
        return _runStart + LoadPlanner.Ticks(_scenario.Duration);
    }

    private Thread StartGenerator(long end, CancellationToken ct)
    {
        var generator = new Thread(() =>
        {
            try { Generate(end, ct); }
            finally { _generatorCpuAtEnd = ThreadCpuClock.Now(); }
        }) { Name = "load-generator", IsBackground = true, Priority = ThreadPriority.AboveNormal };
        generator.Start();
        return generator;
    }

    /// <summary>Operations still in flight get the completion timeout, then count as timed out.</summary>
    private async Task SettleInFlightAsync()
    {
        var deadline = Stopwatch.GetTimestamp() + LoadPlanner.Ticks(_scenario.CompletionTimeout);
        while (_streams.Any(s => Volatile.Read(ref s.InFlight) > 0) && Stopwatch.GetTimestamp() < deadline)
            await Task.Delay(20, CancellationToken.None);
        _closed = true;
        foreach (var s in _streams) s.Runner?.Dispose();
        foreach (var s in _streams)
        {
            var left = Interlocked.Exchange(ref s.InFlight, 0);
            var measuredLeft = Math.Clamp(Interlocked.Exchange(ref s.InFlightMeasured, 0), 0, Math.Max(0, left));
            if (measuredLeft == 0) continue; // warm-up operations are excluded here as everywhere else
            CountTimedOut(s, measuredLeft, "timed_out");
        }
    }

    private void CountTimedOut(StreamState s, long count, string reason)
    {
        _ops[s.OpIndex].TimedOut(count);
        Interlocked.Add(ref s.Failed, count);
        Interlocked.Add(ref s.TimedOut, count);
        _failures.AddOrUpdate($"{s.Plan.OperationName}:{reason}", count, (_, v) => v + count);
    }

    /// <summary>Waits until the Stopwatch reaches <paramref name="due"/> (Task.Delay may wake early); false if cancelled.</summary>
    private static async Task<bool> WaitUntilAsync(long due, CancellationToken ct)
    {
        while (true)
        {
            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (remaining <= TimeSpan.Zero) return true;
            try { await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, Math.Ceiling(remaining.TotalMilliseconds))), ct); }
            catch (OperationCanceledException) { return false; }
        }
    }

    private async Task InjectAtAsync(FaultDefinition fault, Func<FaultDefinition, string> inject, CancellationToken ct)
    {
        var wait = fault.At - Stopwatch.GetElapsedTime(_runStart);
        try { if (wait > TimeSpan.Zero) await Task.Delay(wait, ct); }
        catch (OperationCanceledException) { return; }
        var what = inject(fault);
        Interlocked.Decrement(ref _faultsPending);
        _events.Enqueue($"t={Stopwatch.GetElapsedTime(_runStart).TotalSeconds:0.0}s {what}");
    }

    private static async Task<TreeStatus> ProbeAsync(Func<CancellationToken, Task<TreeStatus>> probe, TreeStatus last, CancellationToken ct)
    {
        try { return await probe(ct).WaitAsync(TimeSpan.FromSeconds(1), ct); }
        catch (Exception) { return last; } // the city may be down (fault injection): keep its last known view
    }

    /// <summary>The generator loop: merge all streams by intended time, wait for each, issue it.</summary>
    private void Generate(long end, CancellationToken ct)
    {
        _generatorStop = ct;
        var queue = new PriorityQueue<int, long>(_streams.Length);
        for (var i = 0; i < _streams.Length; i++)
            if (Generates(i) && _streams[i].Advance(_runStart)) queue.Enqueue(i, _streams[i].NextAt);
        var pendingReactions = new PriorityQueue<int, long>();
        var closedStreams = Enumerable.Range(0, _streams.Length).Where(i => Generates(i) && _streams[i].Plan.IsClosed).ToArray();
        var retransmitAt = 0L;

        while (!ct.IsCancellationRequested)
        {
            while (_reactions.TryDequeue(out var r)) pendingReactions.Enqueue(r.Camera, r.Due);
            var now = Stopwatch.GetTimestamp();
            if (_generatorCpuAtWarm is null && now >= _warmEnd) _generatorCpuAtWarm = ThreadCpuClock.Now() ?? double.NaN;
            if (_unanswered.Enabled && now >= retransmitAt)
            {
                // Re-sent from this thread like every other device message, so the tree is only ever called from here.
                _unanswered.Tick(now, (camera, type, ticket) => _tree!.RaiseAlarm(camera, type, ticket),
                    ticket => Complete(new OpOutcome(ticket, OperationKind.Alarm, OpStatus.Failed, now, default, "no_answer")));
                retransmitAt = now + RetransmitCheck;
            }
            var closedRunning = closedStreams.Length > 0 && now < end;
            if (closedRunning) ServeClosed(closedStreams, now);

            var hasStream = queue.TryPeek(out var si, out var streamDue);
            var hasReaction = pendingReactions.TryPeek(out var camera, out var reactionDue);
            if ((!hasStream || streamDue >= end) && (!hasReaction || reactionDue >= end))
            {
                // Every open arrival before the end is issued (none is ever skipped). Closed copies keep going while
                // their steps last; an answer still in flight may yet bring a re-registration; a fault may be to come.
                if (now >= end) return;
                if (!closedRunning || ClosedFinished(closedStreams, now))
                {
                    if (_endsWhenFinished && InFlight() == 0 && Volatile.Read(ref _faultsPending) == 0)
                    {
                        // Load counted in iterations ends when the last is answered, as NBomber's scenarios last as long
                        // as their load simulations. Timed load keeps the run to its duration: its tail shows recovery.
                        _finished.Cancel();
                        return;
                    }
                }
                Idle();
                continue;
            }
            var useReaction = hasReaction && (!hasStream || reactionDue < streamDue);
            var due = useReaction ? reactionDue : streamDue;

            if (due > now)
            {
                Idle();
                continue;
            }

            if (useReaction)
            {
                pendingReactions.Dequeue();
                Issue(_reregisterStream, reactionDue, camera);
            }
            else
            {
                queue.Dequeue();
                var s = _streams[si];
                var member = s.Member;
                var intended = s.NextAt;
                var (route, detail) = (s.Route, s.Detail);
                if (s.Advance(_runStart)) queue.Enqueue(si, s.NextAt);
                if (!s.Plan.OfficeHoursOnly || _scenario.OfficeHours.Contains(SimAt(intended)))
                    Issue(route >= 0 ? route : si, intended, member, detail);
            }
        }
    }

    private bool ClosedFinished(int[] closedStreams, long now)
    {
        foreach (var ci in closedStreams)
        {
            var st = _streams[ci];
            if (!st.Plan.ClosedFinished(now - _runStart, st.StartedInSegment)) return false;
        }
        return true;
    }

    private long InFlight()
    {
        long n = 0;
        foreach (var st in _streams) n += Math.Max(0, Volatile.Read(ref st.InFlight));
        return n;
    }

    /// <summary>
    /// Sleep rather than spin: a spinning generator would steal one of the two cores from the system it measures. A 1 ms
    /// wait oversleeps by at most about a millisecond, and that lateness is measured (generator lag) and charged to the
    /// operation's response time, never hidden. A closed-model copy that becomes free wakes the generator at once.
    /// </summary>
    private void Idle() => _wake.WaitOne(1);

    /// <summary>Closed model: every free copy starts its next operation (intended when it became free), copies join while
    /// fewer are running than the steps want, and retire as they come free while more are.</summary>
    private void ServeClosed(int[] closedStreams, long now)
    {
        foreach (var ci in closedStreams)
        {
            var s = _streams[ci];
            var (segment, want) = s.Plan.ClosedAt(now - _runStart);
            // An iteration-limited segment (iterations_for_constant) wants no copies once its iterations are started;
            // a dropped start counts as one of them, as it counts as offered-and-dropped.
            long left = segment >= 0 && s.Plan.Closed![segment].Iterations is { } limit ? limit - s.StartedInSegment[segment] : long.MaxValue;
            if (left <= 0) want = 0;
            // Only the copies free when this pass began: one answered synchronously (noop) is served on the next pass,
            // after the generator has looked at the clock again.
            for (var n = s.Ready.Count; n > 0 && s.Ready.TryDequeue(out var freeAt); n--)
            {
                if (s.Active > want || left <= 0) { s.Active--; continue; }
                left--;
                s.StartedInSegment[segment]++;
                if (!Issue(ci, freeAt, -1)) s.Active--;
            }
            while (s.Active < want && left > 0)
            {
                s.Active++;
                left--;
                s.StartedInSegment[segment]++;
                if (!Issue(ci, now, -1)) s.Active--;
            }
        }
    }

    private DateTime SimAt(long intended) =>
        _scenario.SimStart + TimeSpan.FromTicks((long)((intended - _runStart) * (TimeSpan.TicksPerSecond / (double)Stopwatch.Frequency) * _scenario.Compression));

    /// <summary>Starts one operation; false when the stream is at its in-flight cap (the operation is dropped and counted).
    /// An operation of a platform another node's generator owns is left to that node (true: nothing to count here).</summary>
    private bool Issue(int streamIndex, long intended, int member, int detail = -1)
    {
        var s = _streams[streamIndex];
        Subject subject = default;
        if (s.Runner is null)
        {
            // Drawn for every arrival on every node, owned or not, so that all nodes agree on each one's subject.
            subject = SubjectOf(s, member);
            if (Share is { } share && s.Splits && !share.Owns(PlatformOf(s, subject))) return true;
        }
        var warm = intended < _warmEnd;
        var cap = s.Plan.MaxInFlight ?? MaxInFlightPerStream;
        // A replayed log never drops a line: the generator waits for a slot (the wait is lag, measured like any other).
        if (s.Plan.WaitWhenFull)
            while (Volatile.Read(ref s.InFlight) >= cap && !_generatorStop.IsCancellationRequested) Idle();
        if (Volatile.Read(ref s.InFlight) >= cap)
        {
            if (warm) Interlocked.Increment(ref s.DroppedWarm); else Interlocked.Increment(ref s.Dropped);
            return false;
        }
        Interlocked.Increment(ref s.InFlight);
        if (!warm) Interlocked.Increment(ref s.InFlightMeasured);
        var started = Stopwatch.GetTimestamp();
        _lag.Record(started - intended, warm);
        if (warm) Interlocked.Increment(ref s.OfferedWarm); else Interlocked.Increment(ref s.Offered);
        if (s.StepOffered.Length > 0 && !warm) Interlocked.Increment(ref s.StepOffered[0]);
        if (s.Runner is { } runner)
        {
            runner.Start(new OpTicket(streamIndex, member, intended, started));
            return true;
        }
        // What the operation carries is settled before it is sent, so that a recording holds exactly what was offered.
        var kind = s.Plan.Kind;
        var alarm = kind == OperationKind.Alarm ? subject.Alarm ?? (detail >= 0 ? (AlarmType)detail : PickAlarm(s.Plan, s.Rng.NextDouble())) : default;
        var step = kind == OperationKind.ServiceFlow ? (ServiceFlowStep)(detail >= 0 ? detail : s.Rng.Next(4)) : default;
        Recorder?.Offered(intended - _runStart, kind,
            kind switch
            {
                OperationKind.ServiceFlow or OperationKind.ClueIntake => subject.Point.Value,
                OperationKind.CoHandling => subject.Unit,
                _ => subject.Camera.Value,
            },
            kind == OperationKind.Alarm ? (int)alarm : kind == OperationKind.ServiceFlow ? (int)step : -1);
        Send(s, streamIndex, subject.Camera, subject.Point, alarm, step, intended, started, subject.Unit);
        return true;
    }

    /// <summary>Who an operation is about: a camera (camera operations), a point (service flow), and for a fed alarm its type.</summary>
    /// <param name="Unit">For a co-handled request, the co-handling post or centre (an index into the topology's).</param>
    private readonly record struct Subject(CameraId Camera, PointId Point, AlarmType? Alarm, int Unit = -1);

    private Subject SubjectOf(StreamState s, int member)
    {
        var rng = s.SubjectRng;
        if (s.Feed is { } cursor)
        {
            // A feed's row names the subject (and maybe the alarm); a row naming only a point lends one of its cameras.
            var feed = s.Plan.Feed!;
            var row = cursor.Next();
            var fedPoint = feed.PointAt(row);
            var fedCamera = feed.CameraAt(row) is var c and >= 0
                ? new CameraId(c)
                : new CameraId(_topology.Points[fedPoint].FirstCamera.Value + rng.Next(_topology.Points[fedPoint].CameraCount));
            return new Subject(fedCamera, new PointId(fedPoint), feed.TypeAt(row));
        }
        if (s.Plan.Kind == OperationKind.CoHandling)
        {
            // A request at one of the city's co-handling posts and centres, each as likely as another.
            var unit = rng.Next(_topology.CoHandling.Count);
            return new Subject(default, _topology.CoHandling[unit].At, null, unit);
        }
        if (s.Plan.Kind is OperationKind.ServiceFlow or OperationKind.ClueIntake)
        {
            var point = s.Plan.Population == PopulationKind.Point && member >= 0
                ? new PointId(member)
                : _topology.PointOf(new CameraId(rng.Next(_topology.CameraCount))); // weighted by venue size
            return new Subject(default, point, null);
        }
        return new Subject(CameraFor(s, member, rng), default, null);
    }

    private int PlatformOf(StreamState s, in Subject subject) =>
        (s.Plan.Kind is OperationKind.ServiceFlow or OperationKind.ClueIntake or OperationKind.CoHandling
            ? _topology.PlatformOf(subject.Point)
            : _topology.PlatformOf(subject.Camera)).Value;

    /// <summary>Hands one operation to the tree: camera operations go to <paramref name="camera"/>, service flow (its
    /// <paramref name="step"/>) to <paramref name="point"/>, a co-handled request to co-handling unit
    /// <paramref name="unit"/>; an alarm is of <paramref name="alarm"/>.</summary>
    private void Send(StreamState s, int streamIndex, CameraId camera, PointId point, AlarmType alarm, ServiceFlowStep step, long intended, long started,
        int unit = -1)
    {
        var tree = _tree!;
        var ticket = new OpTicket(streamIndex, camera.Value, intended, started);
        switch (s.Plan.Kind)
        {
            case OperationKind.Keepalive: tree.Keepalive(camera, ticket); break;
            case OperationKind.Registration: tree.Register(camera, ticket); break;
            case OperationKind.Alarm:
            {
                // A SIP camera re-sends by itself (timer E); the engine's stand-in for it is for the in-cluster tree only.
                if (s.Plan.Sip is null) _unanswered.Sent(camera, alarm, ticket, Stopwatch.GetTimestamp());
                tree.RaiseAlarm(camera, alarm, ticket);
                break;
            }
            case OperationKind.AlarmQuery: tree.QueryAlarm(camera, 0, ticket); break;
            case OperationKind.ServiceFlow:
                tree.ServiceFlow(point, step, ticket with { Subject = point.Value });
                break;
            case OperationKind.ClueIntake: tree.FileClue(point, ticket with { Subject = point.Value }); break;
            case OperationKind.CoHandling: tree.OpenCoHandling(unit, ticket with { Subject = unit }); break;
        }
    }

    private CameraId CameraFor(StreamState s, int member, Random rng)
    {
        if (member < 0) return new CameraId(rng.Next(_topology.CameraCount));
        return s.Plan.Population switch
        {
            PopulationKind.Camera => new CameraId(member),
            PopulationKind.Point => new CameraId(_topology.Points[member].FirstCamera.Value + rng.Next(_topology.Points[member].CameraCount)),
            PopulationKind.Platform => new CameraId(_topology.Platforms[member].FirstCamera.Value + rng.Next(_topology.Platforms[member].CameraCount)),
            _ => new CameraId(rng.Next(_topology.CameraCount)),
        };
    }

    private static AlarmType PickAlarm(StreamPlan plan, double u)
    {
        var c = plan.AlarmMixCumulative;
        for (var i = 0; i < c.Length; i++) if (u < c[i]) return plan.AlarmMixTypes[i];
        return plan.AlarmMixTypes.Length > 0 ? plan.AlarmMixTypes[^1] : AlarmType.DeskUnattended;
    }

    /// <summary>Called by the system, on its threads, when an operation completes.</summary>
    public void OnCompleted(in OpOutcome o)
    {
        // Only the first answer to an alarm counts: a camera that re-sent it may hear back more than once.
        if (o is { Kind: OperationKind.Alarm, Ticket.Step: 0 } && _streams[o.Ticket.Stream].Plan is { Target: null, Sip: null } && !_unanswered.Answered(o.Ticket)) return;
        Complete(o);
    }

    private void Complete(in OpOutcome o)
    {
        if (o is { Kind: OperationKind.Alarm, Status: OpStatus.Ok, Ref: > 0 }) AcknowledgedAlarms.Enqueue((o.Ticket.Subject, o.Ref));
        if (_closed) return; // answered after the completion timeout: already counted as timed out
        var s = _streams[o.Ticket.Stream];
        string? failedAt = null;
        if (s.Plan.Then is { } then)
        {
            // A composite: each step is measured on its own, and the whole from the first step's intended start.
            var stepWarm = o.Ticket.Intended < _warmEnd;
            RecordStep(s, o, stepWarm);
            if (o.Ticket.Step == 0 && o.Status == OpStatus.Ok && !stepWarm) _ops[s.OpIndex].AddBytes(WireSizes.Of(o.Kind));
            if (o.Ticket.Step == 0 && s.Plan is { Kind: OperationKind.Alarm } && o.Hops.CityAcked != 0) RecordHops(o, stepWarm);
            if (o.Ticket.Step == 0 && o.Status == OpStatus.Ok)
            {
                // The next step starts at once, on what the first produced; the operation stays in flight until it ends.
                var t = o.Ticket with { Step = 1, StepStarted = Stopwatch.GetTimestamp() };
                if (!stepWarm) Interlocked.Increment(ref s.StepOffered[1]);
                if (then == OperationKind.AlarmQuery) _tree!.QueryAlarm(new CameraId(o.Ticket.Subject), o.Ref, t);
                else if (then == OperationKind.ClueListing) _tree!.ListClue(o.Ref, t);
                return;
            }
            failedAt = OperationNames.Of(o.Ticket.Step == 0 ? s.Plan.Kind : then);
        }
        Interlocked.Decrement(ref s.InFlight);
        if (s.Plan.IsClosed)
        {
            s.Ready.Enqueue(o.Completed);
            _wake.Set();
        }
        var warm = o.Ticket.Intended < _warmEnd;
        if (!warm) Interlocked.Decrement(ref s.InFlightMeasured);
        var op = _ops[s.OpIndex];
        var ok = o.Status == OpStatus.Ok;
        op.Completed(ok, warm);
        if (!warm) Interlocked.Increment(ref ok ? ref s.Completed : ref s.Failed);
        // An answered exchange costs its GB/T 28181 messages (a refusal is about the size of an acceptance); self-test
        // targets have no wire.
        if (!warm && s.Plan.Target is null) op.AddBytes(WireSizes.Of(o.Kind));
        op.Response.Record(o.Completed - o.Ticket.Intended, warm);
        op.Service.Record(o.Completed - o.Ticket.Started, warm);
        if (!ok)
        {
            var reason = failedAt is null ? o.Reason ?? "failed" : $"{failedAt}.{o.Reason ?? "failed"}";
            if (!warm) _failures.AddOrUpdate($"{op.Name}:{reason}", 1, (_, v) => v + 1);
            if (s.Plan is { Target: null, Kind: OperationKind.Keepalive } && o.Reason == "not_registered") ScheduleReregistration(o);
            return;
        }
        if (s.Plan is { Target: null, Kind: OperationKind.Alarm, Then: null } && o.Hops.CityAcked != 0) RecordHops(o, warm);
    }

    /// <summary>One step of a composite: the first from the operation's intended (and actual) start, a later one from when
    /// it began, since it starts the moment the step before it ends.</summary>
    private void RecordStep(StreamState s, in OpOutcome o, bool warm)
    {
        var op = _ops[s.StepOps[o.Ticket.Step]];
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
    }

    private void RecordHops(in OpOutcome o, bool warm)
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

    /// <summary>A device told it is not registered registers again after a jitter (deterministic per camera and time),
    /// as GB/T 28181 devices do; after a platform restart this is the re-registration storm.</summary>
    private void ScheduleReregistration(in OpOutcome o)
    {
        if (_reregisterStream < 0) return;
        var camera = o.Ticket.Subject;
        var h = (ulong)(uint)camera * 0x9E3779B97F4A7C15UL ^ (ulong)o.Ticket.Intended;
        h ^= h >> 33; h *= 0xff51afd7ed558ccdUL; h ^= h >> 33;
        var jitter = _reregisterJitter <= 0 ? 0 : (long)(h % (ulong)_reregisterJitter);
        _reactions.Enqueue((o.Completed + jitter, camera));
    }

    private TimelineRow TakeInterval(long now, long previous)
    {
        var seconds = (now - previous) / (double)Stopwatch.Frequency;
        long offered = 0, dropped = 0, inFlight = 0;
        foreach (var s in _streams)
        {
            var o = Interlocked.Read(ref s.Offered) + Interlocked.Read(ref s.OfferedWarm);
            var d = Interlocked.Read(ref s.Dropped) + Interlocked.Read(ref s.DroppedWarm);
            offered += o - s.OfferedSeen;
            dropped += d - s.DroppedSeen;
            s.OfferedSeen = o;
            s.DroppedSeen = d;
            inFlight += Math.Max(0, Volatile.Read(ref s.InFlight));
        }
        inFlight += RemoteInFlight();
        long completed = 0, failed = 0;
        var per = new Dictionary<string, IntervalStats>();
        foreach (var op in _ops)
        {
            var (c, f) = op.TakeIntervalCounts();
            var h = op.Response.TakeInterval();
            op.Service.TakeInterval();
            completed += c;
            failed += f;
            if (c + f > 0) per[op.Name] = new IntervalStats(c, f, LatencyRecorder.Ms(h, 50), LatencyRecorder.Ms(h, 99));
        }
        for (var i = 0; i < _hopResponse.Length; i++) { _hopResponse[i].TakeInterval(); _hopService[i].TakeInterval(); }
        var lag = _lag.TakeInterval();
        var t = Math.Round((now - _runStart) / (double)Stopwatch.Frequency, 3);
        // The flag agrees with the printed time: a row is warm-up when it ended (to the millisecond) within the warm-up.
        var warmUp = t <= Math.Round(_scenario.WarmUp.TotalSeconds, 3);
        return new TimelineRow(t, warmUp, Math.Round(seconds, 3), offered, completed, failed, dropped,
            inFlight, LatencyRecorder.Ms(lag, 99), per, TreeStatus.Unknown);
    }

    /// <summary>The figures so far (totals after warm-up). Reporter thread only: it reads the totals it accumulates.</summary>
    private LoadOutcome Outcome(List<TimelineRow> timeline, TreeStatus final, double measuredSeconds, string? abortedBy)
    {
        var latency = new Dictionary<string, LatencyStats>();
        var service = new Dictionary<string, LatencyStats>();
        var perOperation = new Dictionary<string, OperationCounts>();
        var bytes = new Dictionary<string, ByteCounts>();
        for (var i = 0; i < _ops.Length; i++)
        {
            var op = _ops[i];
            var index = i;
            var offered = _streams.Where(s => s.OpIndex == index).Sum(s => Interlocked.Read(ref s.Offered))
                          + _streams.Sum(s => StepCount(s, index));
            var dropped = _streams.Where(s => s.OpIndex == index || (s.StepOps.Length > 0 && s.StepOps[0] == index)).Sum(s => Interlocked.Read(ref s.Dropped));
            var counts = op.Totals(offered, dropped);
            if (counts.Offered == 0 && counts.Completed == 0 && counts.Failed == 0) continue;
            perOperation[op.Name] = counts;
            if (op.Bytes is { Sent: > 0 } or { Received: > 0 }) bytes[op.Name] = op.Bytes;
            latency[op.Name] = op.Response.Total(_scenario.Percentiles);
            service[op.Name] = op.Service.Total(_scenario.Percentiles);
        }
        for (var i = 0; i < OperationNames.AlarmHops.Length; i++)
        {
            var hop = _hopResponse[i].Total(_scenario.Percentiles);
            if (hop.Count == 0) continue; // no alarm reported its hops (none completed after warm-up)
            latency[OperationNames.AlarmHops[i]] = hop;
            service[OperationNames.AlarmHops[i]] = _hopService[i].Total(_scenario.Percentiles);
        }

        var workload = _streams.Select(s => new WorkloadLine(s.Plan.Name, s.Plan.OperationName, Math.Round(s.Plan.MeanRate, 3), s.Plan.Basis,
            new OperationCounts(Interlocked.Read(ref s.Offered), Interlocked.Read(ref s.Completed), Interlocked.Read(ref s.Failed),
                Interlocked.Read(ref s.Dropped), Interlocked.Read(ref s.TimedOut)))).ToList();
        var totals = new OperationCounts(
            perOperation.Values.Sum(c => c.Offered), perOperation.Values.Sum(c => c.Completed),
            perOperation.Values.Sum(c => c.Failed), perOperation.Values.Sum(c => c.Dropped), perOperation.Values.Sum(c => c.TimedOut));
        return new LoadOutcome(workload, totals, Math.Round(totals.Completed / Math.Max(1e-9, measuredSeconds), 3), latency, service,
            _lag.Total(_scenario.Percentiles), perOperation, new SortedDictionary<string, long>(_failures), timeline.ToList(), final, _events.ToList(), abortedBy,
            bytes, Math.Round(measuredSeconds, 3));
    }

    /// <summary>How many of a composite stream's steps reported as <paramref name="opIndex"/> were started after the warm-up.</summary>
    private static long StepCount(StreamState s, int opIndex)
    {
        long n = 0;
        for (var k = 0; k < s.StepOps.Length; k++)
            if (s.StepOps[k] == opIndex) n += Interlocked.Read(ref s.StepOffered[k]);
        return n;
    }

    /// <summary>Per-stream counters and the generator's cursor into the stream's arrival sequences.</summary>
    private sealed class StreamState(StreamPlan plan, int opIndex, int seed)
    {
        private int _step;
        public StreamPlan Plan { get; } = plan;
        public int OpIndex { get; } = opIndex;
        public int Seed { get; } = seed;
        public Targets.SelfTestRunner? Runner { get; set; }
        public ConcurrentQueue<long> Ready { get; } = new();   // closed model: when each busy copy came free
        public long[] StartedInSegment { get; } = new long[plan.Closed?.Count ?? 0]; // closed model, per segment (generator only)
        public ResolvedFeed.Cursor? Feed { get; init; }                              // the stream's data feed, if any
        public int[] StepOps { get; init; } = [];                                  // a composite's steps: indices into the metrics
        public long[] StepOffered { get; } = new long[plan.StepNames.Count];      // a composite's steps started after the warm-up
        public int Active;                                      // closed model: copies running (generator thread only)
        public long NextAt { get; private set; }
        public int Member { get; private set; }
        /// <summary>For a routed sequence (a replayed log), the stream the next arrival is offered on and its detail; else −1.</summary>
        public int Route { get; private set; } = -1;
        public int Detail { get; private set; } = -1;
        public Random Rng { get; } = new MathNet.Numerics.Random.Xorshift(seed, threadSafe: false);
        /// <summary>Draws operations' subjects; in a multi-node run every node draws for every arrival, so it must only
        /// ever be used for that (what an issued operation draws afterwards, its alarm type or step, uses <see cref="Rng"/>).</summary>
        public Random SubjectRng { get; } = new MathNet.Numerics.Random.Xorshift(unchecked(seed * 17 + 5), threadSafe: false);
        /// <summary>The stream is split between the nodes' generators by platform (<see cref="LoadShare.Splits"/>).</summary>
        public bool Splits { get; } = LoadShare.Splits(plan);
        public long InFlight;
        public long InFlightMeasured;
        public long Offered, OfferedWarm, Dropped, DroppedWarm, Completed, Failed, TimedOut;
        public long OfferedSeen, DroppedSeen;

        public bool Advance(long runStart)
        {
            while (_step < Plan.Steps.Count)
            {
                var t = Plan.Steps[_step].Next(out var member);
                if (t != ArrivalSequence.End)
                {
                    NextAt = runStart + t;
                    Member = member;
                    if (Plan.Steps[_step] is IRoutedArrivals routed) (Route, Detail) = (routed.Route, routed.Detail);
                    return true;
                }
                _step++;
            }
            return false;
        }
    }
}
