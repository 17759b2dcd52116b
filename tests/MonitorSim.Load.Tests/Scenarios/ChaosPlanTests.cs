using MonitorSim.Load.Scenarios;

namespace MonitorSim.Load.Tests.Scenarios;

/// <summary>The chaos section draws its faults from a seed: the same every time, spaced, inside its window, on nodes the
/// run has, kills last; what cannot be drawn for the run's nodes is said, not silently dropped.</summary>
public sealed class ChaosPlanTests
{
    private static TimeSpan S(double s) => TimeSpan.FromSeconds(s);

    private static readonly ChaosSpec TenMinutes = new(7, S(30), S(540), S(30), Kills: 2, Freezes: 3, Partitions: 3, StoreOutages: 3, S(4), S(7));

    [Fact]
    public void The_same_seed_and_nodes_draw_the_same_faults_and_another_seed_others()
    {
        var a = ChaosPlan.Draw(TenMinutes, 3, 42, []);
        var b = ChaosPlan.Draw(TenMinutes, 3, 42, []);
        var c = ChaosPlan.Draw(TenMinutes with { Seed = 8 }, 3, 42, []);

        Assert.Equal(a, b);
        Assert.NotEqual(a.Select(f => f.At), c.Select(f => f.At));
    }

    [Fact]
    public void Every_kind_is_drawn_as_often_as_asked_inside_the_window_at_least_a_gap_apart_with_kills_last()
    {
        var notes = new List<string>();
        var faults = ChaosPlan.Draw(TenMinutes, 3, 42, notes);

        Assert.Empty(notes);
        Assert.Equal(11, faults.Count);
        Assert.Equal(3, faults.Count(f => f.Target == FaultTarget.NodeFreeze));
        Assert.Equal(3, faults.Count(f => f.Target == FaultTarget.Partition));
        Assert.Equal(3, faults.Count(f => f.Target == FaultTarget.Store));
        Assert.Equal([FaultTarget.Node, FaultTarget.Node], faults.TakeLast(2).Select(f => f.Target));
        Assert.All(faults, f => Assert.InRange(f.At, S(30), S(540)));
        for (var i = 1; i < faults.Count; i++)
            Assert.True(faults[i].At - faults[i - 1].At >= S(30) - TimeSpan.FromMilliseconds(100), $"faults {i - 1} and {i} are {(faults[i].At - faults[i - 1].At).TotalSeconds} s apart");
        Assert.All(faults.Where(f => f.Target != FaultTarget.Node), f => Assert.InRange(f.DownFor, S(4), S(7)));
    }

    [Fact]
    public void Times_and_durations_drawn_to_a_tenth_of_a_second_never_pass_the_windows_end_or_the_longest_duration()
    {
        // Window and durations that end between two tenths: a draw rounded to the nearest tenth could pass them.
        var spec = new ChaosSpec(null, S(0), S(10.06), S(0), Kills: 0, Freezes: 0, Partitions: 0, StoreOutages: 1, S(1), S(1.06));

        var faults = Enumerable.Range(1, 3000).SelectMany(seed => ChaosPlan.Draw(spec, 1, seed, [])).ToList();

        Assert.All(faults, f => Assert.InRange(f.At, S(0), S(10.06)));
        Assert.All(faults, f => Assert.InRange(f.DownFor, S(1), S(1.06)));
    }

    [Fact]
    public void Node_faults_take_workers_only_partitions_cut_two_workers_apart_and_kills_take_each_worker_once()
    {
        var faults = ChaosPlan.Draw(TenMinutes with { Kills = 3 }, 4, 42, []);

        Assert.All(faults.Where(f => f.Target == FaultTarget.NodeFreeze), f => Assert.InRange(f.Node!.Value, 2, 4));
        Assert.All(faults.Where(f => f.Target == FaultTarget.Partition), f =>
        {
            Assert.InRange(f.Node!.Value, 2, 4);
            Assert.InRange(f.PeerNode!.Value, 2, 4);
            Assert.True(f.Node < f.PeerNode, $"partition {f.Node}↔{f.PeerNode}");
        });
        Assert.Equal([4, 3, 2], faults.Where(f => f.Target == FaultTarget.Node).Select(f => f.Node!.Value));
    }

    [Fact]
    public void On_one_node_only_store_outages_are_drawn_and_the_rest_is_named_as_not_drawn()
    {
        var notes = new List<string>();
        var faults = ChaosPlan.Draw(TenMinutes, 1, 42, notes);

        Assert.Equal([FaultTarget.Store, FaultTarget.Store, FaultTarget.Store], faults.Select(f => f.Target));
        Assert.Contains(notes, n => n.Contains("3 freeze(s) not drawn", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("3 partition(s) not drawn", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("2 kill(s) not drawn", StringComparison.Ordinal));
    }

    [Fact]
    public void Expanding_a_scenario_adds_the_drawn_faults_to_its_own_in_time_order()
    {
        var own = new FaultDefinition(S(100), FaultTarget.City, null, false, S(2));
        var scenario = ScenarioDefinition.Default("chaos") with { Duration = S(600), Faults = [own], Chaos = TenMinutes };

        var expanded = ChaosPlan.Expand(scenario, 3, []);

        Assert.Equal(12, expanded.Faults.Count);
        Assert.Contains(own, expanded.Faults);
        Assert.Equal(expanded.Faults.OrderBy(f => f.At), expanded.Faults);
    }

    [Theory]
    [InlineData("chaos: { from: 10s, until: 5s, freeze_node: 1 }", "chaos.until", "must be after from")]
    [InlineData("chaos: { until: 2m, freeze_node: 1 }", "chaos.until", "must not be after the end of the run")]
    [InlineData("chaos: { until: 50s, gap: 30s, freeze_node: 2, store_unavailable: 1 }", "chaos.gap", "3 faults 30s apart need 1m")]
    [InlineData("chaos: { until: 50s }", "chaos", "asks for no fault")]
    [InlineData("chaos: { freeze_node: 1, for: { min: 9s, max: 3s } }", "chaos.for.max", "must not be less than for.min")]
    [InlineData("chaos: { freeze_node: -1 }", "chaos.freeze_node", "must be >= 0")]
    [InlineData("chaos: { freeze_node: 1, kills: 2 }", "chaos.kills", "kill_node")]
    public void A_bad_chaos_section_is_refused_naming_the_field_and_line(string yaml, string field, string message)
    {
        var text = "name: c\nduration: 60s\nscenarios:\n  - { name: k, operation: keepalive, load: [ { periodic: { every: 60s, per: camera } } ] }\n" + yaml + "\n";

        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(text, "c.yaml"));

        var error = Assert.Single(e.Errors, x => x.Field == field);
        Assert.Equal(5, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
