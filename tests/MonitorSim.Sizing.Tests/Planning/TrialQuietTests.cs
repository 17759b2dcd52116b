using MonitorSim.Sizing.Planning;

namespace MonitorSim.Sizing.Tests.Planning;

/// <summary>
/// A trial starts only once the tree has worked off what the trials before it left: the wait reads the nodes' CPU with no
/// load offered and ends at the first reading where every node is below half its cores. The clock and the readings here
/// are the test's own, so the behaviour is stated without the machine's timing.
/// </summary>
public sealed class TrialQuietTests
{
    /// <summary>A scripted tree: each reading returns the next row of busy cores per node and advances the clock by one
    /// sample of half a second.</summary>
    private sealed class ScriptedNodes(params double[][] readings)
    {
        private int _next;

        public TimeSpan Now { get; private set; }

        public int Readings => _next;

        public Task<IReadOnlyCollection<double>> ReadAsync(CancellationToken ct)
        {
            Now += TimeSpan.FromMilliseconds(500);
            var row = readings[Math.Min(_next, readings.Length - 1)];
            _next++;
            return Task.FromResult<IReadOnlyCollection<double>>(row);
        }
    }

    /// <summary>The wait on 0.4-core nodes, timed by the scripted nodes' clock.</summary>
    private static Task<TrialQuiet> Wait(ScriptedNodes nodes, double longestS = 30) =>
        TrialQuiet.WaitAsync(nodes.ReadAsync, coresPerNode: 0.4, TimeSpan.FromSeconds(longestS), () => nodes.Now, default);

    [Fact]
    public async Task A_node_still_working_off_a_backlog_holds_the_next_trial_until_it_drops_below_half_its_quota()
    {
        // A 0.4-core node at its quota for three readings (a backlog), then at 0.1 cores (its own fixed work).
        var nodes = new ScriptedNodes([0.4], [0.4], [0.39], [0.1]);

        var quiet = await Wait(nodes);

        Assert.True(quiet.Quiet);
        Assert.Equal(4, nodes.Readings);
        Assert.Equal(2.0, quiet.WaitedSeconds, 9);
        Assert.Equal(0.1, quiet.BusiestCores, 9);
    }

    [Fact]
    public async Task A_quiet_tree_costs_the_trial_one_reading()
    {
        var nodes = new ScriptedNodes([0.05, 0.12, 0.08]);

        var quiet = await Wait(nodes);

        Assert.True(quiet.Quiet);
        Assert.Equal(1, nodes.Readings);
        Assert.Equal(0.5, quiet.WaitedSeconds, 9);
    }

    [Fact]
    public async Task One_busy_node_of_three_keeps_the_whole_cluster_waiting()
    {
        // Nodes 1 and 3 are idle from the start; node 2 holds the backlog for two readings.
        var nodes = new ScriptedNodes([0.05, 0.4, 0.05], [0.05, 0.3, 0.05], [0.05, 0.15, 0.05]);

        var quiet = await Wait(nodes);

        Assert.True(quiet.Quiet);
        Assert.Equal(3, nodes.Readings);
        Assert.Equal(0.15, quiet.BusiestCores, 9);
    }

    [Fact]
    public async Task A_tree_that_never_goes_quiet_is_waited_for_at_most_the_longest_wait_and_said_to_be_busy()
    {
        var nodes = new ScriptedNodes([0.4]);

        var quiet = await Wait(nodes, longestS: 3);

        Assert.False(quiet.Quiet);
        Assert.Equal(6, nodes.Readings);
        Assert.Equal(3.0, quiet.WaitedSeconds, 9);
        Assert.Equal(0.4, quiet.BusiestCores, 9);
    }

    [Fact]
    public async Task A_stopped_run_stops_waiting_after_the_reading_under_way()
    {
        using var stop = new CancellationTokenSource();
        var nodes = new ScriptedNodes([0.4]);
        Task<IReadOnlyCollection<double>> ReadThenStop(CancellationToken ct)
        {
            stop.Cancel();
            return nodes.ReadAsync(ct);
        }

        var quiet = await TrialQuiet.WaitAsync(ReadThenStop, coresPerNode: 0.4, TimeSpan.FromSeconds(30), () => nodes.Now, stop.Token);

        Assert.False(quiet.Quiet);
        Assert.Equal(1, nodes.Readings);
    }

    [Theory]
    [InlineData(0.199, true)]
    [InlineData(0.2, false)]
    [InlineData(0.4, false)]
    public void A_node_is_quiet_below_half_of_its_quota(double busyCores, bool quiet) =>
        Assert.Equal(quiet, TrialQuiet.IsQuiet([busyCores], coresPerNode: 0.4));

    [Fact]
    public void No_reading_is_not_quiet_and_a_node_without_cores_is_refused()
    {
        Assert.False(TrialQuiet.IsQuiet([], coresPerNode: 0.4));
        Assert.Throws<ArgumentOutOfRangeException>(() => TrialQuiet.IsQuiet([0.1], coresPerNode: 0));
    }
}
