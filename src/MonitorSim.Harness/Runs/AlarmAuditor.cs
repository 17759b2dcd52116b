using System.Collections.Concurrent;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Domain.Storage;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Results;

namespace MonitorSim.Harness.Runs;

/// <summary>
/// Every alarm acknowledged to its camera must be in its platform's journal. The audit runs beside the load: every
/// <see cref="Interval"/> it takes the acknowledgements the engine queued, reads the platforms' journal streams on from
/// where it last stopped, and matches the two (<see cref="AlarmLedger"/>); <see cref="FinishAsync"/> does a last round
/// after the load. So a long run keeps only what is still unmatched, not every acknowledgement of the run (the soak's
/// memory), and the end-of-run read is only the last round's.
/// </summary>
public sealed class AlarmAuditor : IAsyncDisposable
{
    /// <summary>How often the audit takes a round during the run.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    /// <summary>How long one round's reads may take before the round gives up (the next round reads on from where this
    /// one stopped), besides the pacing's own waits (<see cref="ReadSpacing"/>).</summary>
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The wait between two platforms' reads in a round during the run: at most one read a second. Each read is a replay
    /// query of its own, and through the SQL plugin one costs about a megabyte of garbage (the stream's materialisation,
    /// the queries, the deserialisation: 2,282 MB for a province's 2,500 reads after the load, 2026-12-04). Back to back,
    /// a province's rounds (2,500 platforms, all with alarms every round) ran nearly without a break beside the load; at
    /// five reads a second they were still 5 MB/s of a SQLite province run's 17.6 (at one a second: 12.8 MB/s), and every
    /// megabyte a second brings the collections, whose pauses are the load generator's lag, sooner. Paced, a city's 45
    /// platforms take 45 s a round and a province's 2,500 about 42 minutes, holding meanwhile the acknowledgements not
    /// yet matched (≈ 350,000 at the province's 139 alarms a second). The last round, after the load, is not paced.
    /// </summary>
    public static readonly TimeSpan ReadSpacing = TimeSpan.FromSeconds(1);

    /// <summary>The fewest rounds an alarm read from the journal waits for its acknowledgement: ten minutes at the
    /// default interval, far beyond the default operation timeout (60 s).</summary>
    private const int MinimumUnclaimedRounds = 20;

    private readonly TreeNode _node;
    private readonly CityTopology _topology;
    private readonly ConcurrentQueue<(int Camera, long AlarmId)> _acknowledged;
    private readonly AlarmLedger _ledger;
    private readonly long[] _readTo;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private string? _lastProblem;

    /// <summary>Acknowledgements taken on a store that cannot be read back (memory): only counted.</summary>
    private long _uncheckable;

    /// <summary>Journal events read so far by the audit's rounds.</summary>
    private long _eventsRead;

    private AlarmAuditor(TreeNode node, CityTopology topology, ConcurrentQueue<(int Camera, long AlarmId)> acknowledged,
        TimeSpan longestTimeout, TimeSpan interval, long[] readTo)
    {
        _node = node;
        _topology = topology;
        _acknowledged = acknowledged;
        _ledger = new AlarmLedger(topology.Platforms.Count, UnclaimedRoundsFor(longestTimeout, interval));
        _readTo = readTo;
        _loop = LoopAsync(interval);
    }

    /// <summary>Journal events the audit has read so far: about the events this run wrote to the platforms awaiting an
    /// acknowledgement, not the store's history.</summary>
    public long JournalEventsRead => Interlocked.Read(ref _eventsRead);

    /// <summary>Starts auditing the alarms <paramref name="acknowledged"/> receives (the engine's queue), a round every
    /// <paramref name="interval"/> (<see cref="Interval"/> by default). Call it before the load starts: it first reads
    /// where each platform's journal stands (<see cref="StartPositionsAsync"/>), and an alarm of this run is stored after that.</summary>
    /// <param name="longestTimeout">The longest operation timeout of the run's streams: how long after an alarm is sent
    /// its acknowledgement may still arrive (<see cref="UnclaimedRoundsFor"/>).</param>
    public static async Task<AlarmAuditor> StartAsync(TreeNode node, CityTopology topology, ConcurrentQueue<(int Camera, long AlarmId)> acknowledged,
        TimeSpan longestTimeout, TimeSpan? interval = null) =>
        new(node, topology, acknowledged, longestTimeout, interval ?? Interval, await StartPositionsAsync(node, topology.Platforms.Count));

    /// <summary>
    /// The highest sequence number of each platform's journal stream before the load: the audit reads on from there. It
    /// used to read every stream from its first event, and a store that outlives its runs (the default SQLite file)
    /// holds every earlier run's events: after a day of runs (the busiest platform's stream 17,308 events long) the first
    /// round kept a core of the coordinator busy from 10 s into the measured window to its end, and its thread pool
    /// stalled for 0.2–0.8 s (docs/measurement.md, "The alarm audit reads this run's writes"). A stream whose position cannot be read is read from its start, as before.
    /// </summary>
    private static async Task<long[]> StartPositionsAsync(TreeNode node, int platforms)
    {
        var readTo = new long[platforms];
        if (node.Options.Store.Kind == StoreKind.Memory) return readTo;
        await Task.WhenAll(Enumerable.Range(0, platforms).Select(async p =>
        {
            try { readTo[p] = await node.StoredHighestSequenceNrAsync(p, PositionTimeout); }
            catch (Exception e) when (e is not OutOfMemoryException) { readTo[p] = 0; }
        }));
        return readTo;
    }

    /// <summary>How long the journal may take to say where one platform's stream stands.</summary>
    private static readonly TimeSpan PositionTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How many rounds an alarm read from the journal waits for its acknowledgement before it is forgotten (the
    /// camera gave up on it). The platform records an alarm before it answers, and the engine takes an answer up to the
    /// operation's timeout T after the alarm was sent; the acknowledgement is then taken at the next round. So the wait
    /// is ⌈T / interval⌉ + 2 rounds (one for the round in which the alarm was read, one for the taking), and never fewer
    /// than <see cref="MinimumUnclaimedRounds"/>.</summary>
    public static int UnclaimedRoundsFor(TimeSpan longestTimeout, TimeSpan interval) =>
        Math.Max(MinimumUnclaimedRounds, (int)Math.Ceiling(longestTimeout / interval) + 2);

    /// <summary>The audit not done because the run's store takes no writes (the run failed): reading it back would wait
    /// for nothing or fail.</summary>
    public static AlarmAudit? NotDone(long acknowledged, string why, List<string> events)
    {
        if (acknowledged == 0) return null;
        events.Add($"alarm audit: not done, {why}");
        return new AlarmAudit(acknowledged, 0, 0, $"not done: {why}");
    }

    /// <summary>Stops the rounds and gives up the audit (the run failed: its store takes no writes).</summary>
    public async Task<AlarmAudit?> AbandonAsync(string why, List<string> events)
    {
        await DisposeAsync();
        return NotDone(_ledger.Acknowledged + _uncheckable + _acknowledged.Count, why, events);
    }

    /// <summary>After the load: a last round over every acknowledgement still queued and the journal written since the last
    /// round, then the verdict. The last round may take <see cref="AuditDeadline.For"/> the alarms it has to find.</summary>
    /// <param name="events">Where the verdict is written for the report.</param>
    public async Task<AlarmAudit?> FinishAsync(List<string> events)
    {
        await DisposeAsync();
        if (_ledger.Acknowledged + _uncheckable + _acknowledged.Count == 0) return null;
        using var timeout = new CancellationTokenSource(AuditDeadline.For(_ledger.Awaited + _acknowledged.Count));
        var read = await RoundAsync(paced: false, timeout.Token);
        var acknowledged = _ledger.Acknowledged + _uncheckable;
        if (read is null)
            return new AlarmAudit(acknowledged, 0, 0, "memory store: nothing outlives the processes, so there is nothing to read back");
        if (!read.Value)
        {
            events.Add($"alarm audit: the journal could not be read back ({_lastProblem}); {_ledger.Found:N0} of {acknowledged:N0} acknowledged alarms were found before that");
            return new AlarmAudit(acknowledged, 0, 0, "the journal could not be read back");
        }
        var missing = _ledger.Awaited;
        events.Add(missing == 0
            ? $"alarm audit: all {acknowledged:N0} acknowledged alarms are in the journal"
            : $"alarm audit: {missing:N0} of {acknowledged:N0} acknowledged alarms are NOT in the journal");
        return new AlarmAudit(acknowledged, _ledger.Found, missing);
    }

    /// <summary>Stops the rounds during the run; safe to call again.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        await _stop.CancelAsync();
        await _loop;
    }

    private async Task LoopAsync(TimeSpan interval)
    {
        try
        {
            while (true)
            {
                await Task.Delay(interval, _stop.Token);
                using var round = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                round.CancelAfter(RoundTimeout + ReadSpacing * _topology.Platforms.Count);
                // A round that fails (a store outage the scenario injects, a slow read) is taken up by the next.
                await RoundAsync(paced: true, round.Token);
            }
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>Takes the queued acknowledgements and reads the journal of every platform that awaits one.</summary>
    /// <returns>True when every read was done; false when one failed (<see cref="_lastProblem"/> says why; the next
    /// round reads on from there); null for the memory store, whose journal cannot be read back.</returns>
    /// <param name="paced">During the run: wait <see cref="ReadSpacing"/> after each platform's read.</param>
    /// <param name="ct">Ends the round (its timeout, or the audit stopping).</param>
    private async Task<bool?> RoundAsync(bool paced, CancellationToken ct)
    {
        if (_node.Options.Store.Kind == StoreKind.Memory)
        {
            while (_acknowledged.TryDequeue(out _)) _uncheckable++;
            return null;
        }
        while (_acknowledged.TryDequeue(out var a))
            _ledger.Acknowledge(_topology.PlatformOf(new CameraId(a.Camera)).Value, a.AlarmId);
        try
        {
            for (var p = 0; p < _readTo.Length; p++)
            {
                if (!_ledger.Awaits(p)) continue;
                var platform = p;
                // Progress is kept event by event: a read cut short by the round's timeout is taken up from where it stopped
                // (a store with a long history before this run takes a few rounds to read through).
                await _node.StoredAlarmsSinceAsync(platform, _readTo[platform] + 1, (sequenceNr, alarmId) =>
                {
                    _readTo[platform] = sequenceNr;
                    Interlocked.Increment(ref _eventsRead);
                    if (alarmId is { } id) _ledger.Stored(platform, id);
                }, ct);
                if (paced) await Task.Delay(ReadSpacing, ct);
            }
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The read goes through the store's own driver (Npgsql, SQLite), whose failures have types of their own; a
            // cancelled read is the round's timeout.
            _lastProblem = e is OperationCanceledException ? "the read did not finish in time" : $"{e.GetType().Name}: {e.Message}";
            return false;
        }
        finally
        {
            _ledger.EndRound();
        }
    }
}
