using System.Diagnostics;
using MonitorSim.Benchmarks.Routing;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Domain.Monitoring;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Benchmarks.Allocation;

/// <summary>
/// One operation kind of the baseline mix driven by the real load engine into a real one-node tree in this process: the
/// path an operation takes in a <c>run</c> (generator → tree port → shard region → platform/point actor → answer → the
/// engine's completions and histograms), without the CLI's reporting around it. Every camera is registered first, so a
/// keepalive takes the accepted path, as in the baseline.
/// </summary>
internal sealed class TreeMixRig : IAsyncDisposable
{
    private static readonly DateTime SimStart = new(2026, 11, 27, 9, 30, 0, DateTimeKind.Unspecified);

    /// <summary>A fifth of the seed city (9 platforms, 620 points, 3,600 cameras): every path of the big tree, quicker to
    /// start, so that each alarm iteration can have a fresh one.</summary>
    public static readonly TopologySpec Spec = new(9, 620, 3600, 90, 490);

    private readonly CityTopology _topology = TopologyBuilder.Build(Spec, 42);
    private readonly StoreSettings _store;
    private readonly string? _sqliteFile;
    private TreeNode? _node;

    public TreeMixRig(string store)
    {
        if (store == "sqlite")
        {
            _sqliteFile = Path.Combine(Path.GetTempPath(), $"monitorsim-alloc-{Environment.ProcessId}-{Guid.NewGuid():N}.db");
            _store = StoreSettings.Sqlite(_sqliteFile);
        }
        else _store = StoreSettings.Memory;
    }

    /// <summary>Starts the tree and registers every camera (waiting for every answer and for the city to see every platform).</summary>
    public async Task StartAsync()
    {
        _node = await TreeNode.StartAsync(new TreeNodeOptions(
            _topology, MonitoringRules.Standard, new SimClock(SimStart, 1), _store, TimeSpan.FromSeconds(5),
            // A shared machine can starve a start for longer than the default deadline; what is measured is the run.
            WakeTimeout: TimeSpan.FromMinutes(3)));
        using var observer = new BatchObserver();
        var tree = _node.CreateTree(observer);
        observer.Expect(OperationKind.Registration, _topology.CameraCount);
        var now = Stopwatch.GetTimestamp();
        for (var c = 0; c < _topology.CameraCount; c++) tree.Register(new CameraId(c), new OpTicket(0, c, now, now));
        if (!observer.Wait(TimeSpan.FromSeconds(60)) || observer.NotOk > 0)
            throw new InvalidOperationException($"registering {_topology.CameraCount:N0} cameras: {observer.Remaining:N0} unanswered, {observer.NotOk:N0} refused");
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 60;
        while ((await _node.CityStatusAsync()).PlatformsConnected < _topology.Platforms.Count)
        {
            if (Stopwatch.GetTimestamp() > deadline) throw new TimeoutException("the city did not see every platform within 60 s");
            await Task.Delay(50);
        }
    }

    public async Task StopAsync()
    {
        if (_node is not null) await _node.DisposeAsync();
        _node = null;
    }

    /// <summary>The rate each kind is offered at: high enough to batch as a loaded tree does, low enough for this tree to
    /// keep up on a shared machine (an alarm left unanswered 500 ms is re-sent, which would add the re-send's cost).</summary>
    public static double RatePerS(OperationKind kind) => kind switch
    {
        OperationKind.Keepalive => 10_000,
        OperationKind.Alarm => 1_000,
        _ => 2_000,
    };

    /// <summary>One run of <paramref name="operations"/> operations of <paramref name="kind"/> through the engine into the
    /// tree; throws unless every one completed OK.</summary>
    public async Task<LoadOutcome> RunAsync(OperationKind kind, int operations)
    {
        var node = _node ?? throw new InvalidOperationException("start the rig first");
        var step = new IterationsForInjectStep(RatePerS(kind), TimeSpan.FromSeconds(1), operations, Arrivals.Uniform);
        var name = OperationNames.Of(kind);
        var scenario = ScenarioDefinition.Default("alloc_" + name) with
        {
            Duration = TimeSpan.FromSeconds(600), // an upper bound: counted load ends the run when it is done
            ReportInterval = TimeSpan.FromSeconds(1),
            CompletionTimeout = TimeSpan.FromSeconds(30),
            SimStart = SimStart,
            Topology = Spec,
            Streams = [new StreamDefinition(name, kind, kind == OperationKind.Alarm ? StreamDefinition.DefaultAlarmMix : [], [step])],
        };
        // The cameras registered at the start; the engine's boot stream (every camera registering once) would add 3,600
        // registrations to every run.
        var plans = LoadPlanner.Plan(scenario, _topology).Where(p => p.Name != LoadPlanner.BootStream).ToList();
        var outcome = await new LoadEngine(scenario, _topology, plans).RunAsync(
            observer => node.CreateTree(observer),
            _ => Task.FromResult(TreeStatus.Unknown),
            _ => "");
        var counts = outcome.PerOperation[name];
        if (counts.Completed != operations || counts.Failed != 0 || counts.Dropped != 0 || counts.TimedOut != 0)
            throw new InvalidOperationException($"{name}: {counts} of {operations:N0}, all: {outcome.Operations} (failures: {string.Join(", ", outcome.Failures.Select(f => $"{f.Key} {f.Value}"))})");
        return outcome;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_sqliteFile is null) return;
        foreach (var f in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm" })
            if (File.Exists(f)) File.Delete(f);
    }
}
