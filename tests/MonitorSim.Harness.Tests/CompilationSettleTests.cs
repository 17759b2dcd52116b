using MonitorSim.Harness.Capacity;

namespace MonitorSim.Harness.Tests;

/// <summary>A fresh cluster settles before its first sizing trial until its nodes have stopped compiling, and no longer
/// than six windows.</summary>
public sealed class CompilationSettleTests
{
    [Fact]
    public void A_node_still_compiling_as_much_as_in_its_second_minute_keeps_settling()
    {
        // Measured on the baseline: 0.014 cores compiling in a fresh node's second minute under load.
        Assert.False(CompilationSettle.Done(0.014, nodes: 1, windows: 1));
    }

    [Fact]
    public void A_cluster_whose_nodes_each_compile_under_half_a_percent_of_a_core_has_settled()
    {
        Assert.True(CompilationSettle.Done(0.004, nodes: 1, windows: 1));
        Assert.True(CompilationSettle.Done(0.012, nodes: 3, windows: 2));
        Assert.False(CompilationSettle.Done(0.012, nodes: 2, windows: 2));
    }

    [Fact]
    public void A_cluster_that_keeps_compiling_is_let_go_after_six_windows()
    {
        Assert.False(CompilationSettle.Done(0.2, nodes: 1, windows: CompilationSettle.MaxWindows - 1));
        Assert.True(CompilationSettle.Done(0.2, nodes: 1, windows: CompilationSettle.MaxWindows));
    }

    [Fact]
    public void Without_every_nodes_compilation_time_one_window_is_all_the_settling()
    {
        Assert.True(CompilationSettle.Done(null, nodes: 2, windows: 1));
    }

    [Fact]
    public void Compiling_cores_add_every_nodes_compilation_seconds_over_the_window()
    {
        var before = new Dictionary<int, double> { [1] = 10.0, [2] = 4.0 };
        var after = new Dictionary<int, double> { [1] = 10.2, [2] = 4.6 };

        Assert.Equal(0.04, CompilationSettle.CompilingCores(before, after, 20)!.Value, 6);
    }

    [Fact]
    public void A_node_missing_at_either_end_of_the_window_leaves_the_compiling_cores_unknown()
    {
        var before = new Dictionary<int, double> { [1] = 10.0, [2] = 4.0 };
        var after = new Dictionary<int, double> { [1] = 10.2 };

        Assert.Null(CompilationSettle.CompilingCores(before, after, 20));
        Assert.Null(CompilationSettle.CompilingCores(new Dictionary<int, double>(), new Dictionary<int, double>(), 20));
        Assert.Null(CompilationSettle.CompilingCores(after, new Dictionary<int, double> { [3] = 11 }, 20));
    }
}
