using System.Diagnostics.CodeAnalysis;
using System.Diagnostics;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Measurement;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Load.Engine;

/// <summary>
/// The generator thread: merges every stream's arrivals (and cameras' re-registrations) by intended time, waits for
/// each and issues it, catching up, never skipping, when it falls behind; serves closed-model copies as they come free;
/// re-sends unanswered alarms. It ends once every arrival due before the run's end is issued, or, for load counted in
/// iterations, once the last is answered.
/// </summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "The token source has no timer and no wait handle, so nothing to release; it lives as long as its engine.")]
internal sealed class ArrivalScheduler(ScenarioDefinition scenario, StreamState[] streams, OperationIssuer issuer, Completions completions,
    RunMeasurement measurement, RunClock clock, int reregisterStream, int tickMs, BurstTimer? bursts = null)
{
    private static readonly long RetransmitCheck = Stopwatch.Frequency / 50; // 20 ms: timer E's resolution
    private readonly bool _endsWhenFinished = streams.Any(s => s.Plan.Schedule.CountsIterations);
    private readonly CancellationTokenSource _finished = new();
    private int _faultsPending;
    // The generator thread's own CPU over the measured window, as the process's CPU is read (not to the thread's end);
    // made when the thread starts, once the run's clock is set.
    private WindowCpuClock? _cpu;

    /// <summary>Cancelled when every stream has finished before the run's duration (load counted in iterations).</summary>
    public CancellationToken Finished => _finished.Token;

    /// <summary>Faults the run will inject; while any is to come, counted load does not end the run.</summary>
    public void FaultsScheduled(int count) => Volatile.Write(ref _faultsPending, count);

    /// <summary>One of the faults has been injected.</summary>
    public void FaultInjected() => Interlocked.Decrement(ref _faultsPending);

    /// <summary>CPU seconds the generator thread spent in the measured window (<see cref="WindowCpuClock"/>: 0 if it ended
    /// inside the warm-up); null before the window closed, or where its CPU time cannot be read.</summary>
    public double? CpuSeconds => _cpu?.Seconds;

    /// <summary>Starts the generator thread, to run until the run's end (or <paramref name="ct"/>).</summary>
    /// <param name="note">Told, from the generator thread, what kept it from its own CPU share, if anything.</param>
    public Thread Start(CancellationToken ct, Action<string>? note = null)
    {
        var cpu = _cpu = new WindowCpuClock(clock.WarmEnd, clock.End);
        var generator = new Thread(() =>
        {
            // Under `size --node-cpus` the generator runs in a CPU group of its own; a failure to join leaves it in its
            // node's group, which the generator's own CPU figure then shows.
            GeneratorCgroup.JoinFromEnvironment();
            if (GeneratorPriority.RaiseCallingThread() is { } why)
                note?.Invoke($"the load generator runs at the process's priority ({why}): on a busy machine it may queue behind the tree");
            try { Generate(clock.End, ct); }
            finally { cpu.Ended(ThreadCpuClock.Now); }
        }) { Name = GeneratorCgroup.ThreadName, IsBackground = true };
        generator.Start();
        return generator;
    }

    /// <summary>The generator loop: merge all streams by intended time, wait for each, issue it.</summary>
    private void Generate(long end, CancellationToken ct)
    {
        issuer.Stop = ct;
        var queue = new PriorityQueue<int, long>(streams.Length);
        for (var i = 0; i < streams.Length; i++)
            if (issuer.Generates(i) && streams[i].Cursor.Advance(clock.Start)) queue.Enqueue(i, streams[i].Cursor.NextAt);
        var pendingReactions = new PriorityQueue<int, long>();
        var closedStreams = Enumerable.Range(0, streams.Length).Where(i => issuer.Generates(i) && streams[i].Plan.Schedule.IsClosed).ToArray();
        var retransmitAt = 0L;
        // Delegates made once: the loop below must not allocate per pass. The give-up callback reads the pass's time from
        // a variable of the method, not of the loop: a lambda capturing a loop variable makes a closure on every pass.
        Action<OpTicket, long> timedOut = completions.TimeOut;
        issuer.TimedOut = timedOut;
        Func<double?> cpuClock = ThreadCpuClock.Now;
        Action<CameraId, AlarmType, OpTicket> resend = issuer.Resend;
        var givenUpAt = 0L;
        Action<OpTicket> giveUp = ticket => completions.Complete(new OpOutcome(ticket, OperationKind.Alarm, OpStatus.Failed, givenUpAt, default, "no_answer"));
        var cpu = _cpu!;

        while (!ct.IsCancellationRequested)
        {
            while (completions.TryTakeReaction(out var r)) pendingReactions.Enqueue(r.Camera, r.Due);
            var now = Stopwatch.GetTimestamp();
            cpu.Pass(now, cpuClock);
            if (completions.Unanswered.Enabled && now >= retransmitAt)
            {
                // Re-sent from this thread like every other device message, so the tree is only ever called from here.
                givenUpAt = now;
                completions.Unanswered.Tick(now, resend, giveUp);
                retransmitAt = now + RetransmitCheck;
            }
            completions.Pending.Sweep(now, timedOut);
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
                    if (_endsWhenFinished && measurement.InFlight() == 0 && Volatile.Read(ref _faultsPending) == 0)
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
                issuer.Issue(reregisterStream, reactionDue, camera);
            }
            else
            {
                queue.Dequeue();
                var cursor = streams[si].Cursor;
                var member = cursor.Member;
                var intended = cursor.NextAt;
                var (route, detail) = (cursor.Route, cursor.Detail);
                if (cursor.Advance(clock.Start)) queue.Enqueue(si, cursor.NextAt);
                if (!streams[si].Plan.Schedule.OfficeHoursOnly || scenario.OfficeHours.Contains(SimAt(intended)))
                    issuer.Issue(route >= 0 ? route : si, intended, member, detail);
            }
        }
    }

    private bool ClosedFinished(int[] closedStreams, long now)
    {
        foreach (var ci in closedStreams)
        {
            var st = streams[ci];
            if (!st.Plan.Schedule.ClosedFinished(now - clock.Start, st.Closed.StartedInSegment)) return false;
        }
        return true;
    }

    /// <summary>
    /// Sleep rather than spin: a spinning generator would steal one of the two cores from the system it measures. A 1 ms
    /// wait (the default tick) oversleeps by at most about a millisecond, and that lateness is measured (generator lag) and
    /// charged to the operation's response time, never hidden. A longer tick issues what fell due in it as one burst
    /// (<see cref="GeneratorSettings.Tick"/>): then it wakes on the ticks of the run's start (start + k·tick), not a tick
    /// after its last pass, so that the generators of a multi-node run, which share the agreed start, burst in step and
    /// each burst can be timed across the nodes (<see cref="BurstDrain.InStep"/>). A closed-model copy that becomes free
    /// wakes the generator at once.
    /// </summary>
    private void Idle()
    {
        if (bursts is null)
        {
            completions.Wake.WaitOne(tickMs);
            return;
        }
        var tick = tickMs * Stopwatch.Frequency / 1000;
        var sinceStart = Stopwatch.GetTimestamp() - clock.Start;
        var next = (sinceStart < 0 ? 0 : sinceStart / tick + 1) * tick;
        // Rounded up: a wait that ends a little before the tick would wake in the last one and sleep again.
        completions.Wake.WaitOne((int)Math.Ceiling((next - sinceStart) * 1000.0 / Stopwatch.Frequency));
        var woke = Stopwatch.GetTimestamp();
        if (woke >= clock.Start) bursts.Woke(woke, (woke - clock.Start) / tick);
    }

    /// <summary>Closed model: every free copy starts its next operation (intended when it became free), copies join while
    /// fewer are running than the steps want, and retire as they come free while more are.</summary>
    private void ServeClosed(int[] closedStreams, long now)
    {
        foreach (var ci in closedStreams)
        {
            var s = streams[ci];
            var c = s.Closed;
            var (segment, want) = s.Plan.Schedule.ClosedAt(now - clock.Start);
            // An iteration-limited segment (iterations_for_constant) wants no copies once its iterations are started;
            // a dropped start counts as one of them, as it counts as offered-and-dropped.
            long left = segment >= 0 && s.Plan.Schedule.Closed![segment].Iterations is { } limit ? limit - c.StartedInSegment[segment] : long.MaxValue;
            if (left <= 0) want = 0;
            // Only the copies free when this pass began: one answered synchronously (noop) is served on the next pass,
            // after the generator has looked at the clock again.
            for (var n = c.Ready.Count; n > 0 && c.Ready.TryDequeue(out var freeAt); n--)
            {
                if (c.Active > want || left <= 0) { c.Active--; continue; }
                left--;
                c.StartedInSegment[segment]++;
                if (!issuer.Issue(ci, freeAt, -1)) c.Active--;
            }
            while (c.Active < want && left > 0)
            {
                c.Active++;
                left--;
                c.StartedInSegment[segment]++;
                if (!issuer.Issue(ci, now, -1)) c.Active--;
            }
        }
    }

    private DateTime SimAt(long intended) =>
        scenario.SimStart + TimeSpan.FromTicks((long)((intended - clock.Start) * (TimeSpan.TicksPerSecond / (double)Stopwatch.Frequency) * scenario.Compression));
}
