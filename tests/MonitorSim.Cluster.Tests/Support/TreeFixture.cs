using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Domain.Monitoring;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster.Tests.Support;

/// <summary>A one-node tree over a tiny city whose sim clock moves only when a test says so.</summary>
public sealed class TreeFixture : IAsyncDisposable
{
    public static readonly DateTime Start = new(2026, 11, 27, 9, 0, 0);

    private TreeFixture(TreeNode node, CityTopology topology, ManualSimClock clock, OutcomeCollector outcomes)
    {
        Node = node;
        Topology = topology;
        Clock = clock;
        Outcomes = outcomes;
        Tree = node.CreateTree(outcomes);
    }

    public TreeNode Node { get; }
    public CityTopology Topology { get; }
    public ManualSimClock Clock { get; }
    public OutcomeCollector Outcomes { get; }
    public IMonitoringTree Tree { get; }

    /// <summary>Three platforms, twelve points, thirty cameras. Compression 1,000 makes every sim-time timer fire within
    /// about 10 ms of wall time, so moving the manual clock is seen almost at once.</summary>
    /// <param name="sweepInterval">How often (sim time) the platforms sweep; 5 s by default.</param>
    public static async Task<TreeFixture> StartAsync(StoreSettings? store = null, MonitoringRules? rules = null, CityTopology? topology = null,
        TimeSpan? sweepInterval = null)
    {
        topology ??= TopologyBuilder.Build(new TopologySpec(3, 12, 30, 2, 4), 42);
        var clock = new ManualSimClock(Start, compression: 1000);
        var node = await TreeNode.StartAsync(new TreeNodeOptions(topology, rules ?? MonitoringRules.Standard, clock,
            store ?? StoreSettings.Memory, sweepInterval ?? TimeSpan.FromSeconds(5)));
        return new TreeFixture(node, topology, clock, new OutcomeCollector());
    }

    public static OpTicket Ticket(int subject) =>
        new(0, subject, System.Diagnostics.Stopwatch.GetTimestamp(), System.Diagnostics.Stopwatch.GetTimestamp());

    /// <summary>Registers every camera and waits until all are answered.</summary>
    public async Task RegisterAllAsync()
    {
        for (var c = 0; c < Topology.CameraCount; c++) Tree.Register(new CameraId(c), Ticket(c));
        var answers = await Outcomes.NextAsync(Topology.CameraCount);
        Assert.All(answers, a => Assert.Equal(OpStatus.Ok, a.Status));
    }

    public ValueTask DisposeAsync() => Node.DisposeAsync();
}
