using System.Diagnostics;
using Akka.Actor;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;
using MonitorSim.Harness.Nodes;
using MonitorSim.Harness.Session;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Harness.Faults;

/// <summary>
/// Carries out a run's scenario faults — a platform or the city restarting, a node killed or frozen, the store taking no
/// writes — and follows each one to its end: when the store took writes again, when a lost node's platforms answered
/// again. Each fault says at once what it did (an event at its time); <see cref="AftermathAsync"/> says how it ended.
/// </summary>
public sealed class FaultInjector(TreeSession session)
{
    private readonly TreeNode? _node = session.Node ?? (session.Province is null
        ? throw new ArgumentException("faults need the tree: this session has none", nameof(session)) : null);
    private readonly ProvinceFaults? _province = session.Province is { } p ? new ProvinceFaults(p) : null;
    private readonly CityTopology _topology = session.Topology;
    private readonly LocalNodes? _workers = session.Workers;
    private readonly int _localNodes = session.Cluster.Nodes;
    // Which platforms each node hosted when the load started, by node number.
    private readonly IReadOnlyDictionary<int, NodeReport> _placement = session.Placement;

    private readonly List<Task<Recovery>> _followUps = [];
    private readonly List<(FaultDefinition Fault, string Injected, Task<Recovery>? FollowUp)> _injected = [];

    /// <summary>How a fault's follow-up ended: what it saw, and when (s after the injection) the platform answered again.</summary>
    internal sealed record Recovery(string Text, double? AfterS);

    // This one city's tree (a province run has none: its faults go to ProvinceFaults).
    private TreeNode Node => _node ?? throw new InvalidOperationException("a province run has no one-city tree");

    /// <summary>Injects <paramref name="fault"/>; returns what it did, or why it was skipped.</summary>
    public string Inject(FaultDefinition fault)
    {
        Task<Recovery>? followUp;
        string injected;
        lock (_followUps)
        {
            var before = _followUps.Count;
            if (_province is not null)
            {
                var (text, task) = _province.Inject(fault);
                injected = text;
                if (task is not null) FollowUp(task);
            }
            else injected = fault.Target switch
            {
                FaultTarget.Store => StoreOutage(fault),
                FaultTarget.Node or FaultTarget.NodeFreeze => LoseNode(fault),
                FaultTarget.Partition => Partition(fault),
                FaultTarget.City => RestartCity(fault),
                FaultTarget.Province or FaultTarget.ProvinceLink => $"fault skipped: {fault.Action} of the province acts on a province (topology.cities); this run has one city",
                _ => RestartPlatform(fault),
            };
            followUp = _followUps.Count > before ? _followUps[^1] : null;
            _injected.Add((fault, injected, followUp));
        }
        return injected;
    }

    /// <summary>How every fault ended (waits for the follow-ups still running).</summary>
    public async Task<IReadOnlyList<string>> AftermathAsync()
    {
        Task<Recovery>[] followUps;
        lock (_followUps) followUps = [.. _followUps];
        return (await Task.WhenAll(followUps)).Select(r => r.Text).ToList();
    }

    /// <summary>Every fault injected with how it ended and its recovery time (waits for the follow-ups still running). A
    /// platform or city restart is back when its down time is over; no follow-up watches it, so its time is not given.</summary>
    public async Task<IReadOnlyList<FaultRecord>> RecordsAsync()
    {
        (FaultDefinition Fault, string Injected, Task<Recovery>? FollowUp)[] injected;
        lock (_followUps) injected = [.. _injected];
        var records = new List<FaultRecord>();
        foreach (var (fault, text, followUp) in injected)
        {
            var recovery = followUp is null ? null : await followUp;
            records.Add(new FaultRecord(Math.Round(fault.At.TotalSeconds, 1), fault.Action, text, recovery?.Text ?? "",
                recovery?.AfterS is { } s ? Math.Round(s, 1) : null));
        }
        return records;
    }

    private void FollowUp(Task<Recovery> task)
    {
        _followUps.Add(task); // under the lock Inject holds
    }

    private string StoreOutage(FaultDefinition fault)
    {
        var store = Node.Options.Store;
        if (!Cluster.Persistence.StoreOutage.Supported(store))
            return $"fault skipped: the {store.Display} store lives inside each process and cannot be made unavailable";
        var began = Stopwatch.GetTimestamp();
        FollowUp(Task.Run(async () =>
        {
            try
            {
                await Cluster.Persistence.StoreOutage.HoldAsync(store, fault.DownFor, CancellationToken.None);
                var after = Stopwatch.GetElapsedTime(began).TotalSeconds;
                return new Recovery($"the store took writes again after {after:0.0} s (outage from t={fault.At.TotalSeconds:0.0}s)", after);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return new Recovery($"the store outage could not be injected: {e.Message}", null);
            }
        }));
        return $"store {store.Display} unavailable for writes for {Durations.Format(fault.DownFor)} (the journal held locked)";
    }

    /// <summary>Told the address of a node this injector killed, at once (the cluster notices only seconds later).</summary>
    public Action<string>? NodeKilled { get; set; }

    private string LoseNode(FaultDefinition fault)
    {
        var number = fault.Node ?? 0;
        var kill = fault.Target == FaultTarget.Node;
        int pid = 0;
        var done = _workers is not null && (kill ? _workers.Kill(number, out pid) : _workers.Freeze(number, fault.DownFor, out pid, out _));
        if (!done)
            return kill
                ? $"fault skipped: there is no running node {number} (this run has {_localNodes} local node(s))"
                : $"fault skipped: there is no running node {number} to freeze (this run has {_localNodes} local node(s); freezing needs Linux or macOS)";
        var platforms = _placement.TryGetValue(number, out var report) ? report.PlatformIds ?? [] : [];
        if (kill && report is not null) NodeKilled?.Invoke(report.Address);
        FollowUp(RecoveryAsync(number, platforms, Stopwatch.GetTimestamp(), kill ? "killed" : "frozen"));
        return kill
            ? $"node {number} (pid {pid}, {platforms.Count} platforms) killed (SIGKILL)"
            : $"node {number} (pid {pid}, {platforms.Count} platforms) frozen (SIGSTOP) for {Durations.Format(fault.DownFor)}";
    }

    /// <summary>
    /// Cuts the network between two nodes both ways (each node drops the other's traffic, and heals the cut itself when
    /// it is due) and follows what the cluster makes of it: whom it found unreachable, whom the split-brain resolver
    /// downed, and when the platforms of a downed node answered again from the survivors.
    /// </summary>
    private string Partition(FaultDefinition fault)
    {
        var (a, b) = (fault.Node ?? 0, fault.PeerNode ?? 0);
        if (!_placement.TryGetValue(a, out var first) || !_placement.TryGetValue(b, out var second))
            return $"fault skipped: the partition names node {(_placement.ContainsKey(a) ? b : a)}, which this run does not have ({_localNodes} local node(s))";
        var began = Stopwatch.GetTimestamp();
        // The coordinator's own side is cut last, or its message to the other side could not cross the cut.
        var order = a == 1 ? new[] { (b, a), (a, b) } : [(a, b), (b, a)];
        var refused = new List<string>();
        foreach (var (side, other) in order)
        {
            try
            {
                var set = Node.AgentOf(Akka.Actor.Address.Parse(_placement[side].Address))
                    .Ask<CutOffSet>(new CutOff(_placement[other].Address, fault.DownFor), TimeSpan.FromSeconds(5)).GetAwaiter().GetResult();
                if (set.Error is { } error) refused.Add($"node {side}: {error}");
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                refused.Add($"node {side} did not answer");
            }
        }
        if (refused.Count == 2)
            return $"fault skipped: the partition between nodes {a} and {b} could not be made ({string.Join("; ", refused)})";
        FollowUp(PartitionAftermathAsync(fault, (a, first), (b, second), began));
        var made = $"network between node {a} and node {b} cut both ways for {Durations.Format(fault.DownFor)}";
        return refused.Count == 0 ? made : $"{made}, one way only ({string.Join("; ", refused)})";
    }

    private async Task<Recovery> PartitionAftermathAsync(FaultDefinition fault, (int Number, NodeReport Report) a, (int Number, NodeReport Report) b, long began)
    {
        // Whether both sides' platforms answer the coordinator through the cut (it still reaches both), from the start.
        var through = RecoveryAsync(0, [.. a.Report.PlatformIds ?? [], .. b.Report.PlatformIds ?? []], began, "cut");
        var cluster = Akka.Cluster.Cluster.Get(Node.System);
        var sides = new[] { a, b };
        var addresses = sides.ToDictionary(s => s.Number, s => Akka.Actor.Address.Parse(s.Report.Address));
        var unreachable = new Dictionary<int, double>();
        var removed = new Dictionary<int, double>();
        var watchFor = fault.DownFor + TimeSpan.FromSeconds(30); // detection (3 s) + stable-after (5 s) + removal, and a margin
        while (Stopwatch.GetElapsedTime(began) < watchFor && removed.Count < 2)
        {
            var state = cluster.State;
            var now = Stopwatch.GetElapsedTime(began).TotalSeconds;
            foreach (var (number, address) in addresses)
            {
                if (state.Unreachable.Any(m => m.Address == address)) unreachable.TryAdd(number, now);
                var member = state.Members.FirstOrDefault(m => m.Address == address);
                if (member is null || member.Status is Akka.Cluster.MemberStatus.Down or Akka.Cluster.MemberStatus.Removed)
                    removed.TryAdd(number, now);
            }
            // Past the cut's end and nobody unreachable any more: the cluster has settled (healed, or downed whom it downed).
            if (Stopwatch.GetElapsedTime(began) > fault.DownFor + TimeSpan.FromSeconds(2) && state.Unreachable.Count == 0) break;
            await Task.Delay(250);
        }
        var lines = new List<string>();
        foreach (var (number, _) in sides)
            if (unreachable.TryGetValue(number, out var t))
                lines.Add($"node {number} seen unreachable {t:0.0} s after the cut");
        if (removed.Count == 0)
            lines.Add(unreachable.Count == 0
                ? $"the cluster did not notice the {Durations.Format(fault.DownFor)} cut (shorter than failure detection), nobody was downed"
                : "the cut healed before the split-brain resolver acted; nobody was downed");
        var recoveries = new List<Task<Recovery>> { through };
        foreach (var (number, report) in sides.Where(s => removed.ContainsKey(s.Number)))
        {
            lines.Add($"node {number} downed by the split-brain resolver and removed {removed[number]:0.0} s after the cut");
            recoveries.Add(RecoveryAsync(number, report.PlatformIds ?? [], began, "cut off"));
        }
        var done = await Task.WhenAll(recoveries);
        lines.AddRange(done.Skip(1).Select(r => r.Text));
        var first = done[0].AfterS is { } t0 ? $"both sides' platforms answered the coordinator {t0:0.0} s after the cut" : done[0].Text;
        // Recovered when the last of them answered again: through the cut, or after being moved off a downed node.
        double? after = done.All(r => r.AfterS is not null) ? done.Max(r => r.AfterS) : null;
        return new Recovery($"partition {a.Number}↔{b.Number}: {first}; {string.Join("; ", lines)}", after);
    }

    private string RestartCity(FaultDefinition fault)
    {
        Node.CrashCity(fault.DownFor);
        return $"city platform crashed, down for {Durations.Format(fault.DownFor)}, then restarts (platforms re-register, catalogs re-sync)";
    }

    private string RestartPlatform(FaultDefinition fault)
    {
        var platform = fault.Largest ? _topology.Platforms.MaxBy(p => p.CameraCount)!.Id.Value : fault.PlatformId ?? 0;
        Node.CrashPlatform(platform, fault.DownFor);
        var info = _topology.Platforms[platform];
        return $"platform {info.Path} ({info.CameraCount:N0} cameras) crashed, down for {Durations.Format(fault.DownFor)}, then restarts (its cameras re-register)";
    }

    /// <summary>
    /// After a node is lost, asks each of its platforms for its status until every one answers again — from wherever
    /// the cluster restarted it, or from the node itself once it carries on — and says how long that took (target 30 s).
    /// </summary>
    private async Task<Recovery> RecoveryAsync(int number, IReadOnlyList<int> platforms, long lostAt, string what)
    {
        var waiting = new HashSet<int>(platforms);
        var limit = TimeSpan.FromSeconds(120);
        while (waiting.Count > 0 && Stopwatch.GetElapsedTime(lostAt) < limit)
        {
            var probes = waiting.Select(async p =>
            {
                try { await Node.PlatformStatusAsync(p, TimeSpan.FromSeconds(1)); return p; }
                catch (Exception e) when (e is AskTimeoutException or TaskCanceledException) { return -1; }
            }).ToList();
            foreach (var answered in await Task.WhenAll(probes)) waiting.Remove(answered);
            if (waiting.Count > 0) await Task.Delay(250);
        }
        var after = Stopwatch.GetElapsedTime(lostAt).TotalSeconds;
        var whose = number > 0 ? $"node {number}'s" : "the";
        return waiting.Count == 0
            ? new Recovery($"{whose} {platforms.Count} platforms answer again {after:0.0} s after it was {what}", after)
            : new Recovery($"{waiting.Count} of {whose} {platforms.Count} platforms still did not answer {limit.TotalSeconds:0} s after it was {what}", null);
    }
}
