using MonitorSim.Sizing.Planning;
using static MonitorSim.Sizing.Tests.Planning.Steps;

namespace MonitorSim.Sizing.Tests.Planning;

/// <summary>The node axis on made-up series whose tree CPU follows busy cores = n·o + X·D(n), with
/// D(n) = D1·(1 + α(n−1) + βn(n−1)) and o the idle cores of one node.</summary>
public sealed class NodeScalingTests
{
    private const double D1 = 20e-6;
    private const double Alpha = 0.05;
    private const double Beta = 0.002;
    private const double IdlePerNode = 0.3;
    private const int Cores = 16;
    private const double Target = 0.6;
    private const int BigMachine = 64;

    private static readonly double[] LoadFactors = [1, 2, 4, 8];

    private static double Demand(int n) => D1 * (1 + Alpha * (n - 1) + Beta * n * (n - 1));

    /// <summary>What n nodes of <see cref="Cores"/> cores carry at <see cref="Target"/> busy, on the true D(n) and overhead.</summary>
    private static double TrueCapacity(int n) => n * (Cores * Target - IdlePerNode) / Demand(n);

    /// <summary>One node count's steps: 1,000 ops/s per unit load factor, the tree's busy cores n·o + X·D(n), the load
    /// generator's thread 0.05 cores on top; <paramref name="brokeAt"/> is the load factor whose step broke the SLO;
    /// <paramref name="scatter"/>, when given, is added to each step's busy cores in turn.</summary>
    private static NodeSeries Series(int n, double? brokeAt = null, double perOperation = 1000, double[]? scatter = null)
    {
        var steps = LoadFactors.Select((lf, i) =>
        {
            var x = perOperation * lf;
            const double generator = 0.05;
            var busy = n * IdlePerNode + x * Demand(n) + generator + (scatter?[i] ?? 0);
            return Step(i + 1, lf, x, sloHeld: lf != brokeAt, busyCores: busy, generatorCores: generator) with { Nodes = n };
        }).ToList();
        return new NodeSeries(n, steps, "the steps ran out");
    }

    private static List<NodeSeries> Counts(params int[] nodes) => nodes.Select(n => Series(n)).ToList();

    private static NodeScaling Analyse(IReadOnlyList<NodeSeries> series, double production, int machineCores = BigMachine) =>
        NodeScaling.Analyse(series, production, Cores, Target, machineCores);

    [Fact]
    public void The_USL_over_node_counts_recovers_contention_coherency_and_one_node_demand()
    {
        var axis = Analyse(Counts(1, 2, 3, 4, 5, 6), 1e5);

        var usl = axis.Usl!;
        Assert.Null(axis.UslProblem);
        Assert.Equal(Alpha, usl.Model.Alpha, 3);
        Assert.Equal(Beta, usl.Model.Beta, 4);
        Assert.True(usl.BetaSignificant);
        // γ is operations per busy core-second on one node: 1 / D1.
        Assert.Equal(1, usl.Model.Gamma * D1, 3);
        Assert.Equal(Math.Sqrt((1 - Alpha) / Beta), usl.Model.Peak!.Value, 1);
    }

    [Fact]
    public void Each_node_count_is_a_demand_line_of_its_own_cost_per_operation_and_idle_cores()
    {
        var axis = Analyse(Counts(1, 2, 3, 4, 5, 6), 1e5);

        Assert.Equal([1, 2, 3, 4, 5, 6], axis.Costs.Select(c => c.Nodes));
        Assert.Empty(axis.LeftOut);
        foreach (var c in axis.Costs)
        {
            Assert.Equal(4, c.Steps);
            Assert.Equal((1, 8), (c.FromLoadFactor, c.ToLoadFactor));
            // The load generator's thread is left out: the line is the tree's only.
            Assert.Equal(Demand(c.Nodes), c.DemandSeconds, 12);
            Assert.Equal(c.Nodes * IdlePerNode, c.OverheadCores, 9);
            Assert.Equal(D1 / Demand(c.Nodes), c.Efficiency, 9);
        }
        Assert.Equal(IdlePerNode, axis.OverheadPerNode, 9);
    }

    [Fact]
    public void Steps_past_a_node_counts_knee_are_not_fitted()
    {
        var series = Counts(1, 2, 4, 5);
        series[2] = Series(4, brokeAt: 8); // 4 nodes broke the SLO at load factor 8

        var four = Analyse(series, 1e5).Costs.Single(c => c.Nodes == 4);

        Assert.Equal((3, 4.0), (four.Steps, four.ToLoadFactor));
        Assert.Equal(Demand(4), four.DemandSeconds, 12);
    }

    [Fact]
    public void A_node_count_that_broke_its_SLO_at_the_first_step_is_left_out_and_the_others_compared()
    {
        var axis = Analyse([Series(1), Series(2), Series(3, brokeAt: 1)], 1e5);

        Assert.Equal([1, 2], axis.Costs.Select(c => c.Nodes));
        var left = Assert.Single(axis.LeftOut);
        Assert.Equal(3, left.Nodes);
        Assert.Contains("its SLO broke at its first step (load factor 1)", left.Reason);
        Assert.Equal(1, axis.PlannedNodes);
    }

    [Fact]
    public void A_node_count_whose_local_nodes_fill_the_machine_is_left_out_as_unmeasurable_here()
    {
        // On a 2-core machine 6 nodes idle at 1.8 cores, 90 % of it, at every step: their CPU no longer follows the load.
        var axis = Analyse(Counts(1, 2, 6), 1e5, machineCores: 2);

        Assert.Equal([1, 2], axis.Costs.Select(c => c.Nodes));
        var left = Assert.Single(axis.LeftOut);
        Assert.Equal(6, left.Nodes);
        Assert.Contains("2 cores were at least 90 % busy at 4 of the 4 steps", left.Reason);
    }

    [Fact]
    public void A_node_count_that_broke_its_SLO_at_a_saturated_first_step_is_said_to_fill_the_machine()
    {
        var axis = Analyse([Series(1), Series(2), Series(7, brokeAt: 1)], 1e5, machineCores: 2);

        var left = Assert.Single(axis.LeftOut);
        Assert.Equal(7, left.Nodes);
        Assert.Contains("its SLO broke at its first step (load factor 1) with the machine's 2 cores at least 90 % busy", left.Reason);
        Assert.DoesNotContain("start the series lower", left.Reason);
    }

    [Fact]
    public void With_no_node_count_measurable_there_is_no_plan_and_the_note_says_why()
    {
        var axis = Analyse([Series(1, brokeAt: 1), Series(2, brokeAt: 1)], 1e5);

        Assert.Empty(axis.Costs);
        Assert.Equal(2, axis.LeftOut.Count);
        Assert.Null(axis.PlannedNodes);
        Assert.Contains("no node count could be measured", axis.PlanNote);
        Assert.Contains("1 node(s): its SLO broke", axis.PlanNote);
    }

    [Fact]
    public void The_plan_is_the_fewest_nodes_whose_capacity_covers_production_beyond_the_counts_measured()
    {
        // Capacity on the true curve: 8 nodes 2.55 M ops/s, 9 nodes 2.71 M: 2.65 M needs 9, three more than were measured.
        Assert.InRange(2.65e6, TrueCapacity(8), TrueCapacity(9));

        var axis = Analyse(Counts(1, 2, 3, 4, 5, 6), 2.65e6);

        Assert.Equal(9, axis.PlannedNodes);
        Assert.Equal(Enumerable.Range(1, 9), axis.Capacity.Select(c => c.Nodes));
        Assert.All(axis.Capacity, c => Assert.Equal(c.Nodes <= 6, c.Measured));
        Assert.All(axis.Capacity, c => Assert.Equal(TrueCapacity(c.Nodes), c.OpsPerSecond, TrueCapacity(c.Nodes) * 1e-4));
        Assert.Contains("9 nodes of 16 cores", axis.PlanNote);
        Assert.Contains("USL", axis.PlanNote);
    }

    [Fact]
    public void A_production_load_within_the_counts_measured_plans_on_the_measurement()
    {
        var axis = Analyse(Counts(1, 2, 3, 4, 5, 6), TrueCapacity(3) * 0.99);

        Assert.Equal(3, axis.PlannedNodes);
        Assert.True(axis.Capacity[^1].Measured);
        Assert.Contains("D(3) was measured", axis.PlanNote);
    }

    [Fact]
    public void A_load_past_the_peak_of_the_USL_plans_no_nodes_and_says_where_the_peak_is()
    {
        // The true curve peaks at √(0.95 / 0.002) = 21.8 nodes, 3.44 M ops/s.
        var axis = Analyse(Counts(1, 2, 3, 4, 5, 6), 4e6);

        Assert.Null(axis.PlannedNodes);
        Assert.Contains("peaks at 21.8 nodes", axis.PlanNote);
        Assert.Contains("no cluster size covers", axis.PlanNote);
        // Every whole cluster size up to the one past the peak was looked at: the best of them is next to the peak.
        Assert.Equal(22, axis.Capacity[^1].Nodes);
        Assert.Equal(22, axis.Capacity.MaxBy(c => c.OpsPerSecond)!.Nodes);
    }

    [Fact]
    public void Five_or_more_node_counts_are_checked_by_holding_one_out()
    {
        var axis = Analyse(Counts(1, 2, 3, 4, 5, 6), 1e5);

        var held = axis.HeldOut!;
        Assert.Null(axis.HeldOutProblem);
        Assert.Equal(5, held.Nodes);
        Assert.Equal(Demand(5), held.MeasuredDemandSeconds, 12);
        Assert.True(held.Error < 1e-3, $"error {held.Error:P3}");
    }

    [Fact]
    public void Four_node_counts_fit_the_USL_but_are_not_checked_and_say_why()
    {
        var axis = Analyse(Counts(1, 2, 3, 4), 1e5);

        Assert.NotNull(axis.Usl);
        Assert.Null(axis.HeldOut);
        Assert.Contains("at least 5 node counts", axis.HeldOutProblem);
        Assert.Contains("this run has 4", axis.HeldOutProblem);
    }

    [Fact]
    public void Three_node_counts_fit_no_USL_and_interpolate_between_them()
    {
        // Measured at 1, 2 and 4 nodes: 3 nodes' D is halfway between 2's and 4's.
        var production = TrueCapacity(2) * 1.05;
        var axis = Analyse(Counts(1, 2, 4), production);

        Assert.Null(axis.Usl);
        Assert.Contains("at least 4 measurements", axis.UslProblem);
        Assert.Contains("at least 5 node counts", axis.HeldOutProblem);
        var three = axis.Capacity.Single(c => c.Nodes == 3);
        Assert.False(three.Measured);
        Assert.Equal((Demand(2) + Demand(4)) / 2, three.DemandSeconds, 12);
        Assert.Equal(3, axis.PlannedNodes);
        Assert.Contains("interpolated", axis.PlanNote);
    }

    [Fact]
    public void Two_node_counts_do_not_extrapolate_past_the_largest()
    {
        var axis = Analyse(Counts(1, 2), TrueCapacity(2) * 1.5);

        Assert.Null(axis.Usl);
        Assert.NotNull(axis.UslProblem);
        Assert.Null(axis.PlannedNodes);
        Assert.Equal(2, axis.Capacity[^1].Nodes);
        Assert.Contains("does not extrapolate past the largest", axis.PlanNote);
    }

    [Fact]
    public void A_plan_past_the_loads_measured_says_how_far_it_extrapolates()
    {
        // The steps complete at most 8,000 ops/s (load factor 8); 9 nodes of 16 cores carry about 2.71 M.
        var axis = Analyse(Counts(1, 2, 3, 4, 5, 6), 2.65e6);

        Assert.Equal(8_000, axis.Costs[0].MostCompletedPerSecond);
        var ratio = TrueCapacity(9) / 8_000;
        Assert.Contains($"an extrapolation {ratio:0.#}× past the most a fitted step completed (8,000 ops/s", axis.PlanNote);
    }

    [Fact]
    public void A_plan_within_the_loads_measured_says_so()
    {
        // Steps up to 800,000 ops/s, where one node of 16 cores carries about 465,000.
        var axis = Analyse([Series(1, perOperation: 100_000), Series(2, perOperation: 100_000)], 5_000);

        Assert.Equal(1, axis.PlannedNodes);
        Assert.Contains("within the loads measured (a fitted step on 1 node(s) completed 800,000 ops/s)", axis.PlanNote);
        Assert.DoesNotContain("extrapolation", axis.PlanNote);
    }

    [Fact]
    public void A_plan_on_a_measured_count_reaches_from_that_counts_own_fitted_steps()
    {
        // One node fitted up to 8,000 ops/s, two up to 800,000: one node of 16 cores (465,000 ops/s) is about 58× past
        // what its own line saw, whatever two nodes reached.
        var axis = Analyse([Series(1), Series(2, perOperation: 100_000)], 5_000);

        Assert.Equal(1, axis.PlannedNodes);
        Assert.Contains($"an extrapolation {TrueCapacity(1) / 8_000:0.#}× past the most a fitted step completed (8,000 ops/s on 1 node(s))", axis.PlanNote);
    }

    [Fact]
    public void A_measured_plan_gives_the_standard_error_of_its_capacity_from_the_demand_lines_fit()
    {
        // One node's busy cores scattered ±0.02 about the true line: the plan's one node carries about 463,000 ops/s, and
        // the note gives the interval the fit's covariance puts on it, which holds the true figure.
        var noisy = Series(1, scatter: [0.02, -0.02, -0.02, 0.02]);
        var axis = Analyse([noisy, Series(2)], TrueCapacity(1) * 0.5);

        var one = axis.Costs[0];
        var usable = Cores * Target;
        var se = one.CarriedStandardError(usable)!.Value;
        var planned = (usable - one.OverheadCores) / one.DemandSeconds;
        Assert.True(se > 0.01 * planned && se < 0.5 * planned, $"standard error {se:N0} of {planned:N0}");
        Assert.InRange(TrueCapacity(1), planned - 3 * se, planned + 3 * se);
        Assert.Contains($"(± one standard error from the demand line's fit: {planned - se:N0}–{planned + se:N0})", axis.PlanNote);
    }

    [Fact]
    public void The_capacitys_standard_error_follows_the_delta_method()
    {
        // Only D uncertain: SE(X) = (A − O)·SE(D) / D². Only O uncertain: SE(X) = SE(O) / D.
        var onlyDemand = new NodeCountCost(1, 4, 1, 8, 20e-6, 0.3, 1) { FitCovariance = (0, 1e-12, 0) };
        var onlyOverhead = new NodeCountCost(1, 4, 1, 8, 20e-6, 0.3, 1) { FitCovariance = (0.0004, 0, 0) };

        Assert.Equal((9.6 - 0.3) * 1e-6 / (20e-6 * 20e-6), onlyDemand.CarriedStandardError(9.6)!.Value, 6);
        Assert.Equal(0.02 / 20e-6, onlyOverhead.CarriedStandardError(9.6)!.Value, 6);
        Assert.Null((onlyDemand with { FitCovariance = null }).CarriedStandardError(9.6));
    }
}
