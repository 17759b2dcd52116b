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
/// cannot hide its stall by slowing the generator down (no coordinated omission). A façade over one class per job:
/// arrival scheduling (an <see cref="ArrivalScheduler"/> issuing through an <see cref="OperationIssuer"/>), measurement
/// (outcomes go to <see cref="Completions"/>, which records them in a <see cref="RunMeasurement"/>), the timeline and the
/// outcome (an <see cref="IntervalReporter"/> reading the measurement through an <see cref="OutcomeBuilder"/>, with the
/// run's <see cref="RunEvents"/>), and the multi-node merge (a worker's <see cref="DeltaExporter"/> makes its reports;
/// the coordinator's <see cref="RemoteShares"/> folds them in).
/// </summary>
public sealed partial class LoadEngine : IOperationObserver
{
    private readonly ScenarioDefinition _scenario;
    private readonly SubjectPicker _subjects;
    private readonly IReadOnlyList<StreamPlan> _plans;
    private readonly StreamState[] _streams;
    private readonly RunClock _clock = new();
    private readonly RunEvents _events = new();
    private readonly Completions _completions;
    private readonly RemoteShares _remotes;
    private ArrivalScheduler? _scheduler;

    /// <param name="acknowledged">Where what the tree acknowledges goes, for the run's audits to take as they go; null: a
    /// queue of the engine's own (<see cref="Acknowledged"/>).</param>
    public LoadEngine(ScenarioDefinition scenario, CityTopology topology, IReadOnlyList<StreamPlan>? plans = null,
        AcknowledgedOperations? acknowledged = null)
    {
        _scenario = scenario;
        _subjects = new SubjectPicker(topology);
        _plans = plans ?? LoadPlanner.Plan(scenario, topology);
        _streams = _plans.Select((p, i) => new StreamState(p, unchecked(scenario.Seed * 100_003 + i * 7919 + 13),
            p.Feed is { } feed ? new ResolvedFeed.Cursor(feed, new MathNet.Numerics.Random.Xorshift(unchecked(scenario.Seed * 31 + i), threadSafe: false)) : null))
            .ToArray();
        Measurement = new RunMeasurement(_plans);
        var unanswered = new UnansweredAlarms(_plans.Any(p => p is { Target: null, Sip: null, Kind: OperationKind.Alarm })
            ? scenario.Monitoring.AlarmRetransmit
            : TimeSpan.Zero);
        _completions = new Completions(_streams, Measurement, _clock, unanswered, acknowledged ?? new AcknowledgedOperations(), ReregisterStream,
            LoadPlanner.Ticks(scenario.Monitoring.ReregisterJitter / scenario.Compression));
        _remotes = new RemoteShares(Measurement, _clock, _events, Acknowledged, () => Share, () => LatencyListener);
    }

    /// <summary>Hears each of the run's events (faults, nodes lost, an abort: <c>t=12.5s …</c>) once, after the interval
    /// row in which it was noted (the reporter thread), and the last ones when the run ends. The live dashboard marks them.</summary>
    public Action<string>? OnEvent
    {
        get => _events.Listener;
        init => _events.Listener = value;
    }

    /// <summary>How the generator issues: its tick and the in-flight limit per stream.</summary>
    public GeneratorSettings Generator { get; init; } = new();

    /// <summary>The part of the workload this engine drives in a multi-node run (null: all of it).</summary>
    public LoadShare? Share { get; init; }

    /// <summary>Hears the measured window's bounds: when its warm-up ends and when it ends, once the run's start is fixed,
    /// and where it ended, before the operations in flight settle (<see cref="WindowHooks"/>).</summary>
    public WindowHooks? Window { get; init; }

    /// <summary>The node number of this engine's own samples as the <see cref="LatencyListener"/> hears them (the
    /// coordinator is node 1).</summary>
    public const int CoordinatorNode = 1;

    /// <summary>Hears each interval's latency samples per operation, hop and node (e.g. live metrics); null: nobody.</summary>
    public ILatencyListener? LatencyListener { get; init; }

    /// <summary>Hears every operation offered to the tree (<c>run --record</c>); null: nothing is recorded.</summary>
    public IOperationRecorder? Recorder { get; init; }

    public IReadOnlyList<StreamPlan> Plans => _plans;

    /// <summary>The built-in stream cameras re-register on after a refused keepalive, or −1.</summary>
    private int ReregisterStream => _plans.ToList().FindIndex(p => p.Reactive);

    /// <summary>What this engine has measured so far (with what other nodes reported to it).</summary>
    public RunMeasurement Measurement { get; }

    /// <summary>The bursts issued in the measured window, each timed from its wake to its last completion: this node's
    /// generator's and, on a multi-node run's coordinator, every worker's, burst by burst across the nodes
    /// (<see cref="BurstDrain.InStep"/>); empty unless the generators' tick is longer than a millisecond
    /// (<see cref="BurstTimer"/>).</summary>
    public IReadOnlyList<BurstDrain> MeasuredBursts()
    {
        var remote = _remotes.Bursts();
        return remote.Count == 0 ? OwnMeasuredBursts() : BurstDrain.InStep([OwnMeasuredBursts(), .. remote]);
    }

    /// <summary>The bursts this node's own generator issued in the measured window.</summary>
    private IReadOnlyList<BurstDrain> OwnMeasuredBursts() => _completions.Bursts?.Between(_clock.WarmEnd, _clock.End) ?? [];

    /// <summary>CPU seconds this engine's generator thread spent after the warm-up (0 if it ended inside it), plus what
    /// every worker's generator reported for its own; null before the generator has ended, or where a thread's CPU time
    /// cannot be read. What a test rig spends generating load, not what the system under test spends.</summary>
    public double? GeneratorCpuSeconds => _scheduler?.CpuSeconds is { } own ? own + _remotes.GeneratorCpuSeconds() : null;

    /// <summary>What the tree acknowledged during the run and the audits have not taken yet.</summary>
    public AcknowledgedOperations Acknowledged => _completions.Acknowledged;

    /// <summary>Every alarm the tree acknowledged (the city recorded it) during the run, warm-up included, and not yet taken
    /// by the run's alarm audit.</summary>
    public ConcurrentQueue<(int Camera, long AlarmId)> AcknowledgedAlarms => Acknowledged.Alarms;

    /// <summary>Every clue filing, clue listing and co-handled request the tree acknowledged during the run, warm-up
    /// included (this node's and, on the coordinator, every worker's).</summary>
    public ConcurrentQueue<StoredAcknowledgement> AcknowledgedSupervision => Acknowledged.Supervision;

    /// <summary>Called by the system, on its threads, when an operation completes.</summary>
    public void OnCompleted(in OpOutcome outcome) => _completions.OnCompleted(outcome);

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
        Func<LoadOutcome, double, string?>? shouldAbort = null,
        long? startAt = null,
        CancellationToken ct = default)
    {
        // SIP-targeted streams drive cameras over real SIP; the in-cluster tree is built only if a stream still uses it.
        var sip = await Targets.SipCameras.StartAsync(_plans, _subjects.CameraCount, this, ct);
        var cluster = _plans.Any(p => p is { Target: null, Sip: null }) ? tree(this) : null;
        var connected = sip?.Route(cluster) ?? cluster;
        foreach (var st in _streams)
            if (st.Plan.Target is { } target) st.Runner = Targets.SelfTestRunner.Create(target, this, st.Seed);
        // A multi-node run starts at an agreed instant, so that every node's generator walks the same schedule.
        if (startAt is { } at) await RunClock.WaitUntilAsync(at, ct);
        var scheduler = Prepare(connected, startAt ?? Stopwatch.GetTimestamp());

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        scheduler.FaultsScheduled(_scenario.Faults.Count);
        var generator = scheduler.Start(stop.Token, _events.Note);
        var faults = _scenario.Faults.Select(f => InjectAtAsync(f, injectFault, scheduler, stop.Token)).ToList();
        var reporter = new IntervalReporter(_scenario, _clock, new OutcomeBuilder(_scenario, _plans, Measurement, _clock, _remotes.InFlight, LatencyListener),
            _events, probe, onInterval, shouldAbort);
        var measuredUntil = await reporter.RunAsync(scheduler.Finished, ct);
        // The generator stops by itself once every arrival due before the end is issued (late ones included: they are
        // offered, never skipped); only a cancelled or aborted run stops it early.
        if (reporter.AbortedBy is not null || ct.IsCancellationRequested)
        {
            stop.Cancel();
            _remotes.Stop();
        }
        if (ct.IsCancellationRequested) measuredUntil = Math.Min(measuredUntil, Stopwatch.GetTimestamp()); // ended by the user
        Window?.MeasuredEnded(measuredUntil);
        generator.Join();
        stop.Cancel(); // faults scheduled past the end (a shortened --duration) are not injected
        await Task.WhenAll(faults);

        await _completions.SettleAsync(_scenario.CompletionTimeout);
        if (sip is not null)
        {
            foreach (var line in sip.Summary()) _events.Note(line);
            await sip.DisposeAsync();
        }
        foreach (var st in _streams)
            if (st.Runner?.Account is { } account) _events.Note($"stream {st.Plan.Name}: the {st.Plan.Target!.Name} target {account}");
        // The other nodes' generators finish on the same schedule; their last reports complete the figures.
        await _remotes.FinishedAsync(TimeSpan.FromSeconds(10) + _scenario.CompletionTimeout);
        var resent = _completions.Unanswered.Resent + _remotes.Resent; // this node's cameras and the other nodes'
        if (resent > 0)
            _events.Note($"cameras re-sent unanswered alarms {resent:N0} times (SIP over UDP, T1 = " +
                         $"{Durations.Format(_scenario.Monitoring.AlarmRetransmit)}); the tree drops the copies, and each alarm counts once");
        var outcome = await reporter.FinishAsync(measuredUntil);
        // The port this run built is done with: what it holds (a cluster port's route keeper) goes with it.
        (cluster as IDisposable)?.Dispose();
        return outcome;
    }

    /// <summary>Sets the run's clock from <paramref name="runStart"/> (a Stopwatch timestamp), connects the generator to
    /// <paramref name="tree"/>, and returns the generator, ready to start.</summary>
    private ArrivalScheduler Prepare(IMonitoringTree? tree, long runStart)
    {
        _completions.Tree = tree;
        var issuer = new OperationIssuer(_streams, Measurement, _clock, _subjects, _completions.Unanswered, _completions.Pending, _completions.Wake,
            Share, Recorder, Generator.MaxInFlightPerStream) { Tree = tree };
        // A tick longer than the default issues in bursts: each is timed from the wake to its last completion (drain probes).
        if (Generator.TickMs > 1)
            _completions.Bursts = new BurstTimer((int)Math.Min(int.MaxValue / 2, _scenario.Duration.TotalMilliseconds / Generator.TickMs) + 16);
        _scheduler = new ArrivalScheduler(_scenario, _streams, issuer, _completions, Measurement, _clock, ReregisterStream, Generator.TickMs, _completions.Bursts);
        _clock.Set(runStart, _scenario.WarmUp, _scenario.Duration);
        foreach (var plan in _plans)
            foreach (var step in plan.Schedule.Steps.OfType<IRoutedArrivals>()) step.Begin(runStart);
        Recorder?.Started(runStart);
        Window?.ClockSet(_clock.WarmEnd, _clock.End);
        return _scheduler;
    }

    private async Task InjectAtAsync(FaultDefinition fault, Func<FaultDefinition, string> inject, ArrivalScheduler scheduler, CancellationToken ct)
    {
        var wait = fault.At - Stopwatch.GetElapsedTime(_clock.Start);
        try { if (wait > TimeSpan.Zero) await Task.Delay(wait, ct); }
        catch (OperationCanceledException) { return; }
        var what = inject(fault);
        scheduler.FaultInjected();
        _events.Note($"t={Stopwatch.GetElapsedTime(_clock.Start).TotalSeconds:0.0}s {what}");
    }
}
