using System.Diagnostics;
using Akka.Actor;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Protocol;

namespace MonitorSim.Cluster.Actors;

/// <summary>
/// Wakes every entity of the tree with a bounded number of wakes in flight, counts the answers, and tells its owner how
/// far it has come once a second.
/// <para>Why not one ask per entity, all sent at once (as the tree was first started): a shard region buffers the
/// messages of shards whose home it has not yet heard from the coordinator, at most
/// <c>akka.cluster.sharding.buffer-size</c> (100,000) of them, and drops the rest with only a warning in the log. With
/// 2,500 shards and 175,800 entities (a million cameras) the coordinator could not allocate the shards as fast as the
/// wakes arrived: the first 100,000 were buffered, the other 75,800 dropped, and their asks timed out however long the
/// timeout. With at most <see cref="Window"/> wakes in flight the buffer never fills, and each wake is sent only as
/// an earlier one is answered, so the start runs at the rate the shards and recoveries allow, linear in entities.</para>
/// </summary>
public sealed class TreeWaker : ReceiveActor, IWithTimers
{
    /// <summary>Wakes in flight at most: a tenth of the shard region's buffer, and enough to keep both the shard
    /// coordinator and every shard busy (an answer comes back in well under a millisecond once a shard is home).</summary>
    public const int Window = 10_000;

    private readonly IActorRef _region;
    private readonly IReadOnlyList<Wake> _wakes;
    private readonly TimeSpan _stallTimeout;
    private readonly TimeSpan _deadline;
    private readonly Action<WakeProgress> _progress;
    private readonly TaskCompletionSource<DateTime> _done;
    private readonly long _started = Stopwatch.GetTimestamp();
    // Which wakes are answered, by entity id: a wake sent again (below) may be answered twice, and counts once.
    private readonly Dictionary<string, int> _indexOf;
    private readonly bool[] _answered;
    private long _lastResend = Stopwatch.GetTimestamp();
    private long _lastAnswer = Stopwatch.GetTimestamp();
    private int _sent;
    private int _woken;
    private DateTime _historyUntil;

    public TreeWaker(IActorRef region, IReadOnlyList<Wake> wakes, TimeSpan stallTimeout, TimeSpan deadline,
        Action<WakeProgress> progress, TaskCompletionSource<DateTime> done)
    {
        _region = region;
        _wakes = wakes;
        _stallTimeout = stallTimeout;
        _deadline = deadline;
        _progress = progress;
        _done = done;
        _indexOf = new Dictionary<string, int>(wakes.Count);
        for (var i = 0; i < wakes.Count; i++) _indexOf[wakes[i].EntityId] = i;
        _answered = new bool[wakes.Count];
        Receive<Awake>(OnAwake);
        Receive<ReportTick>(_ => OnTick());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="wakes">Platforms first: each platform's wake asks the coordinator for its shard's home, so the homes
    /// are known before the points of those shards arrive.</param>
    /// <param name="stallTimeout">Fails the start when no entity has answered for this long (a platform that cannot
    /// recover from its journal, a store that does not answer).</param>
    /// <param name="deadline">Fails the start when it has not finished in this time, however it progresses.</param>
    /// <param name="progress">Called once a second and once at the end, on this actor's thread: keep it short.</param>
    /// <param name="done">Completed with the newest history any platform recovered, or failed with a
    /// <see cref="TreeStartException"/>.</param>
    public static Props Props(IActorRef region, IReadOnlyList<Wake> wakes, TimeSpan stallTimeout, TimeSpan deadline,
        Action<WakeProgress> progress, TaskCompletionSource<DateTime> done) =>
        Akka.Actor.Props.Create(() => new TreeWaker(region, wakes, stallTimeout, deadline, progress, done));

    protected override void PreStart()
    {
        if (_wakes.Count == 0)
        {
            Finish();
            return;
        }
        while (_sent < _wakes.Count && _sent < Window) _region.Tell(_wakes[_sent++], Self);
        Timers.StartPeriodicTimer("report", ReportTick.Instance, TimeSpan.FromSeconds(1));
    }

    /// <summary>Nothing answered for this long: the unanswered wakes in flight go again (a wake lost with a shard home
    /// that moved, or dropped by a region whose coordinator was away); an entity answers every wake, and counts once.</summary>
    public static readonly TimeSpan ResendAfter = TimeSpan.FromSeconds(10);

    private void OnAwake(Awake awake)
    {
        if (!_indexOf.TryGetValue(awake.EntityId, out var index) || _answered[index]) return;
        _answered[index] = true;
        _woken++;
        _lastAnswer = Stopwatch.GetTimestamp();
        if (awake.HistoryUntil > _historyUntil) _historyUntil = awake.HistoryUntil;
        if (_sent < _wakes.Count) _region.Tell(_wakes[_sent++], Self);
        if (_woken >= _wakes.Count) Finish();
    }

    private void OnTick()
    {
        var progress = Progress();
        _progress(progress);
        var stalled = Stopwatch.GetElapsedTime(_lastAnswer);
        if (stalled >= ResendAfter && Stopwatch.GetElapsedTime(_lastResend) >= ResendAfter && stalled < _stallTimeout)
        {
            _lastResend = Stopwatch.GetTimestamp();
            for (var i = 0; i < _sent; i++)
                if (!_answered[i]) _region.Tell(_wakes[i], Self);
        }
        if (stalled >= _stallTimeout)
            Fail($"no tree entity answered for {stalled.TotalSeconds:0} s ({progress.Total - progress.Woken:N0} of {progress.Total:N0} not started)");
        else if (progress.ElapsedS >= _deadline.TotalSeconds)
            Fail($"{progress.Total - progress.Woken:N0} of {progress.Total:N0} tree entities did not start within {_deadline.TotalSeconds:0} s " +
                 $"({progress.PerS:N0}/s)");
    }

    private WakeProgress Progress() => new(_woken, _wakes.Count, Stopwatch.GetElapsedTime(_started).TotalSeconds);

    private void Finish()
    {
        _progress(Progress());
        _done.TrySetResult(_historyUntil);
        Context.Stop(Self);
    }

    private void Fail(string why)
    {
        _done.TrySetException(new TreeStartException(why));
        Context.Stop(Self);
    }

    /// <summary>Stopped before the end (its system shutting down): the start does not wait for it.</summary>
    protected override void PostStop() =>
        _done.TrySetException(new TreeStartException($"the start stopped after {_woken:N0} of {_wakes.Count:N0} tree entities woke"));

    private sealed class ReportTick
    {
        public static ReportTick Instance { get; } = new();
    }
}
