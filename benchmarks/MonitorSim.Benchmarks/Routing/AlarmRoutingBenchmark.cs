using System.Diagnostics.CodeAnalysis;
using System.Diagnostics;
using System.Text;
using BenchmarkDotNet.Attributes;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Domain.Monitoring;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Benchmarks.Routing;

/// <summary>
/// Operations through the real tree on a one-node cluster with the in-memory journal (so routing is measured, not the
/// database): an alarm camera → point → platform (persisted) → city → acknowledgment back, and a keepalive camera →
/// platform → answer. Each invocation starts a batch spread over every camera and waits for every outcome, so figures are
/// per operation, with the batching the platforms do under load included.
/// </summary>
/// <remarks>
/// Alarms stay active for <see cref="MonitoringRules.AlarmClearAfter"/> (10 min sim = 10 min wall here) and every platform
/// snapshot copies all active alarms, so a node that has taken N alarms pays O(N) per snapshot and keeps every snapshot in
/// memory: measured per alarm, cost grows with how many alarms the process has raised (here about +20 B allocated per alarm
/// for every 1,000 alarms still active, and a growing heap). To measure routing and not the benchmark's own history,
/// every alarm iteration runs on a fresh tree: this forces one invocation per iteration, hence the bigger alarm batch.
/// </remarks>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "BenchmarkDotNet owns the lifetime: every tree and its observer are disposed in FreshTree and GlobalCleanup.")]
public class AlarmRoutingBenchmark
{
    /// <summary>Alarms per invocation (one invocation per iteration, on a fresh tree).</summary>
    public const int AlarmBatch = 5000;

    /// <summary>Keepalives per invocation.</summary>
    public const int KeepaliveBatch = 1000;

    private static readonly TimeSpan BatchTimeout = TimeSpan.FromSeconds(30);
    private static readonly DateTime SimStart = new(2026, 11, 27, 9, 0, 0, DateTimeKind.Unspecified);

    private TreeNode _node = null!;
    private IMonitoringTree _tree = null!;
    private BatchObserver _observer = null!;
    private CameraId[] _cameras = [];
    private int _next;
    private long _alarmsOnTree;

    [GlobalSetup]
    public Task SetupAsync() => StartTreeAsync();

    /// <summary>Replaces a tree that has taken alarms by a fresh one (see the remarks on the class).</summary>
    [IterationSetup(Target = nameof(AlarmToCityAndBack))]
    public void FreshTree()
    {
        if (_alarmsOnTree == 0) return;
        StopTreeAsync().GetAwaiter().GetResult();
        StartTreeAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public Task CleanupAsync() => StopTreeAsync();

    /// <summary>One alarm (desk unattended) from raise at the camera until the city's acknowledgment is back.</summary>
    [Benchmark(OperationsPerInvoke = AlarmBatch)]
    public void AlarmToCityAndBack()
    {
        _observer.Expect(OperationKind.Alarm, AlarmBatch);
        for (var i = 0; i < AlarmBatch; i++)
        {
            var camera = NextCamera();
            _tree.RaiseAlarm(camera, AlarmType.DeskUnattended, Ticket(camera));
        }
        _alarmsOnTree += AlarmBatch;
        Await("alarm", AlarmBatch);
    }

    /// <summary>One keepalive from a registered camera until its platform's answer is back.</summary>
    [Benchmark(OperationsPerInvoke = KeepaliveBatch)]
    public void KeepaliveRoundTrip()
    {
        _observer.Expect(OperationKind.Keepalive, KeepaliveBatch);
        for (var i = 0; i < KeepaliveBatch; i++)
        {
            var camera = NextCamera();
            _tree.Keepalive(camera, Ticket(camera));
        }
        Await("keepalive", KeepaliveBatch);
    }

    private async Task StartTreeAsync()
    {
        var topology = TopologyBuilder.Build(new TopologySpec(3, 30, 120, 0, 0), 42);
        _node = await TreeNode.StartAsync(new TreeNodeOptions(
            topology, MonitoringRules.Standard, new SimClock(SimStart, 1), StoreSettings.Memory, TimeSpan.FromSeconds(5)));
        _observer = new BatchObserver();
        _tree = _node.CreateTree(_observer);
        _cameras = Enumerable.Range(0, topology.CameraCount).Select(c => new CameraId(c)).ToArray();

        // Keepalives of unregistered cameras are refused (a cheaper path than the one to measure): register all first.
        _observer.Expect(OperationKind.Registration, _cameras.Length);
        foreach (var camera in _cameras) _tree.Register(camera, Ticket(camera));
        Await("registration", _cameras.Length);

        // Alarms only complete once the platform's reports reach the city: start measuring with the cascade up.
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 30;
        while ((await _node.CityStatusAsync()).PlatformsConnected < topology.Platforms.Count)
        {
            if (Stopwatch.GetTimestamp() > deadline)
                throw new TimeoutException($"the city did not see all {topology.Platforms.Count} platforms within 30 s");
            await Task.Delay(50);
        }
        _alarmsOnTree = 0;
    }

    private async Task StopTreeAsync()
    {
        await _node.DisposeAsync();
        _observer.Dispose();
    }

    private CameraId NextCamera()
    {
        var camera = _cameras[_next];
        if (++_next == _cameras.Length) _next = 0;
        return camera;
    }

    private static OpTicket Ticket(CameraId camera)
    {
        var now = Stopwatch.GetTimestamp();
        return new OpTicket(0, camera.Value, now, now);
    }

    private void Await(string what, int count)
    {
        if (!_observer.Wait(BatchTimeout))
            throw new TimeoutException(
                $"{_observer.Remaining:N0} of {count:N0} {what} operations did not complete within {BatchTimeout.TotalSeconds:0} s. " +
                Diagnose());
        if (_observer.NotOk > 0)
            throw new InvalidOperationException(
                $"{_observer.NotOk:N0} of {count:N0} {what} operations did not end OK (last reason: {_observer.LastReason}); " +
                "the benchmark would measure the refusal path");
    }

    /// <summary>What the tree says about itself, for the message of a batch that never completed. Every part is asked
    /// separately, so one silent entity (a platform that is down, say) does not hide the others.</summary>
    private string Diagnose()
    {
        var text = new StringBuilder("Tree state: ");
        var timeout = TimeSpan.FromSeconds(2);
        Ask("city", () => _node.CityStatusAsync(timeout).GetAwaiter().GetResult().ToString());
        for (var p = 0; p < _node.Options.Topology.Platforms.Count; p++)
        {
            var platform = p;
            Ask($"platform {p}", () =>
            {
                var s = _node.PlatformStatusAsync(platform, timeout).GetAwaiter().GetResult();
                return $"registered with city {s.RegisteredWithCity}, alarms raised {s.AlarmsRaised:N0}, incarnation {s.Incarnation}, {s.Total}";
            });
        }
        int awaiting = 0, silent = 0;
        for (var p = 0; p < _node.Options.Topology.Points.Count; p++)
        {
            try { awaiting += _node.PointStatusAsync(p, timeout).GetAwaiter().GetResult().AwaitingPlatformAck; }
            catch (Exception) { silent++; }
        }
        text.Append($"points: {awaiting:N0} alarms awaiting their platform's ack, {silent} points not answering; ");
        text.Append($"outcomes of another kind seen: {_observer.Unexpected:N0}");
        return text.ToString();

        void Ask(string who, Func<string> query)
        {
            string answer;
            try { answer = query(); }
            catch (Exception e) { answer = $"no answer ({e.GetType().Name})"; }
            text.Append($"{who}: {answer}; ");
        }
    }
}
