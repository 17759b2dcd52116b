using MonitorSim.Sizing.Queueing;

namespace MonitorSim.Sizing.Planning;

/// <summary>
/// The production plan: production load (the named design load when there is one, else the scenario's rates × growth ×
/// peak factor) → cores and nodes per role at the target utilisation, the p99 predicted there, journal writes per second
/// and storage per day, signalling per link.
/// </summary>
/// <param name="ProductionRates">Operations per second per operation at production load.</param>
/// <param name="PredictedP99Ms">Per operation: its light-load p99 plus Erlang C's p99 wait on the tree role's cores at
/// production load (M/M/c with c = the planned cores, S = busy cores / λ, so ρ is the planned utilisation).</param>
/// <param name="WaitP99Ms">Erlang C's p99 wait for a core at the planned utilisation.</param>
/// <param name="JournalWritesPerSecond">Journal rows per second at production load (the peak hour).</param>
/// <param name="JournalStorageGbPerDay">Store growth per day: rows per second at production load without the peak factor ×
/// the hours a day the journalled events happen × bytes per row.</param>
public sealed record CapacityPlan(
    PlanInputs Inputs,
    IReadOnlyDictionary<string, double> ProductionRates,
    double TotalOpsPerSecond,
    IReadOnlyList<RolePlan> Roles,
    IReadOnlyDictionary<string, double> PredictedP99Ms,
    double WaitP99Ms,
    double? JournalWritesPerSecond,
    double? JournalStorageGbPerDay,
    IReadOnlyList<LinkPlan> Network)
{
    /// <summary>Builds the plan; <paramref name="demands"/> are the roles to size (the first is the one whose cores the
    /// p99 prediction queues on). With none (no step held the SLO, so no demand was fitted) the plan has the production
    /// load, its journal and its network, and no role, no queue and no predicted p99.</summary>
    public static CapacityPlan Build(PlanInputs inputs, IReadOnlyList<ServiceDemand> demands)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(demands);
        if (!(inputs.TargetUtilisation is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(inputs), inputs.TargetUtilisation, "target utilisation must lie in (0, 1)");
        if (inputs.CoresPerNode < 1) throw new ArgumentOutOfRangeException(nameof(inputs), inputs.CoresPerNode, "cores per node must be at least 1");

        var rates = inputs.Design is { } design
            ? design.RatesPerS.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)
            : inputs.BaseRates.ToDictionary(p => p.Key, p => ProductionRate(inputs, p.Key, p.Value));
        var total = rates.Values.Sum();
        var roles = demands.Select(d => Role(d, total, inputs)).ToList();

        var waitP99 = roles.Count == 0 ? double.NaN : 0.0;
        if (roles.Count > 0 && roles[0] is var tree && total > 0 && tree.BusyCores > 0)
        {
            // Overhead is spread over the operations so that ρ = λS/c is exactly the planned busy share.
            var queue = new ErlangC(tree.Cores, total, tree.BusyCores / total);
            waitP99 = queue.WaitPercentileSeconds(0.99) * 1000;
        }
        var p99 = roles.Count == 0 ? new Dictionary<string, double>() : inputs.FloorP99Ms.ToDictionary(p => p.Key, p => p.Value + waitP99);

        // Journalled events (alarms, status changes, workflow steps) follow the event-driven operations: growth and peak.
        double? writes = inputs.JournalRowsPerLoadFactorSecond is { } perLf ? perLf * inputs.ScenarioLoadFactor * inputs.Growth * inputs.PeakFactor : null;
        double? perDay = inputs is { JournalRowsPerLoadFactorSecond: { } rowsPerLf, JournalBytesPerRow: { } bytes }
            ? rowsPerLf * inputs.ScenarioLoadFactor * inputs.Growth * inputs.JournalHoursPerDay * 3600 * bytes / 1e9
            : null;

        return new CapacityPlan(inputs, rates, total, roles, p99, waitP99, writes, perDay, NetworkPlans(inputs.Links, rates));
    }

    /// <summary>The production rate of one operation: base × growth, × peak factor unless it is a device timer.</summary>
    public static double ProductionRate(PlanInputs inputs, string operation, double baseRate) =>
        baseRate * inputs.Growth * (inputs.Unpeaked.Contains(operation) ? 1 : inputs.PeakFactor);

    /// <summary>Cores for one role: the fewest whole cores with busy cores / cores ≤ target; nodes of the planned size.</summary>
    public static RolePlan Role(ServiceDemand demand, double opsPerSecond, PlanInputs inputs)
    {
        var busy = demand.BusyCores(opsPerSecond);
        var cores = Math.Max(1, (int)Math.Ceiling(busy / inputs.TargetUtilisation - 1e-9));
        var nodes = (int)Math.Ceiling(cores / (double)inputs.CoresPerNode);
        return new RolePlan(demand.Role, demand.DemandSeconds, demand.OverheadCores, opsPerSecond, busy, cores, nodes, busy / cores);
    }

    private static List<LinkPlan> NetworkPlans(IReadOnlyList<LinkTraffic> links, IReadOnlyDictionary<string, double> rates) =>
        links.GroupBy(l => l.Link).Select(g =>
        {
            var count = g.Max(l => l.Links);
            double totalBits = 0, busiestBits = 0;
            foreach (var l in g)
            {
                var bits = rates.GetValueOrDefault(l.Operation) * l.BytesPerOperation * 8;
                totalBits += bits;
                busiestBits += bits * l.BusiestShare;
            }
            return new LinkPlan(g.Key, count, totalBits / 1e6, count > 0 ? totalBits / count / 1e3 : 0, busiestBits / 1e3,
                g.Select(l => l.Operation).Where(rates.ContainsKey).Distinct().ToList());
        }).ToList();
}
