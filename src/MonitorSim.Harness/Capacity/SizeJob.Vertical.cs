using MonitorSim.Domain.Storage;
using MonitorSim.Domain.Topology;
using MonitorSim.Harness.Isolation;
using MonitorSim.Harness.Logging;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;
using MonitorSim.Reports.Sizing;
using MonitorSim.Sizing.Vertical;

namespace MonitorSim.Harness.Capacity;

/// <summary>The vertical axis of a sizing run (<c>size --vertical</c>): one node at each CPU quota.</summary>
public sealed partial class SizeJob
{
    /// <summary>A quota whose trials fail down to the first trial's load over this does not carry the topology: below it the
    /// search would only halve towards zero while the node's fixed cost, which no load factor lowers, fills the quota.</summary>
    public const double VerticalFloorDivisor = 16;

    /// <summary>How the vertical axis capped its node, for the report when no <c>--node-cpus</c> isolation did.</summary>
    private CpuIsolationFacts? _verticalIsolation;

    /// <summary>
    /// Searches one node's capacity at each quota of <see cref="SizeSettings.VerticalCpus"/>, fewest cores first, each on a
    /// freshly started one-node tree with its own store, capped at the quota after its start (as <c>--node-cpus</c> caps a
    /// cluster) with the load generator in a group of its own. Each search after the first starts from the previous quota's
    /// capacity scaled by the ratio of the quotas — near where the line over cores puts it, so the bracket takes a trial or
    /// two instead of a doubling from the scenario's load factor. No light-load predictions are made on a quota: the
    /// axis's check is the largest quota, held out from the line.
    /// </summary>
    private async Task<VerticalRun?> RunVerticalAsync(CityTopology topology, IReadOnlyList<StreamPlan> plans, FileLoggerProvider log, List<string> notes,
        NodeIsolation? clusterIsolation, CancellationToken ct)
    {
        if (settings.VerticalCpus is not { Count: > 0 } quotas || ct.IsCancellationRequested) return null;
        using var own = clusterIsolation is null ? NodeIsolation.Start(new CpuQuotas(quotas.Max(), settings.GeneratorCpus)) : null;
        var isolation = clusterIsolation ?? own!;
        _verticalIsolation = isolation.Facts;
        progress.Info($"vertical axis: one node at {string.Join(", ", quotas.Select(Show))} cores ({isolation.Describe()})");
        var done = new List<QuotaSeries>();
        (double Cores, double Load)? previous = null;
        foreach (var cores in quotas.Order())
        {
            if (ct.IsCancellationRequested) break;
            var search = VerticalSearch(settings.Search, cores, previous);
            var spec = new SeriesSpec(1, cores, search, scenario with { Store = QuotaStore(scenario.Store, cores) }, $"1 node at {Show(cores)} cores", Predict: false);
            var run = await RunSeriesAsync(spec, topology, plans, log, notes, isolation, ct);
            if (run.Series.Steps.Count == 0 && ct.IsCancellationRequested) break;
            var quota = new QuotaSeries(cores, run.Series);
            done.Add(quota);
            if (run.Series.Search?.PassedLoad is { } passed) previous = (cores, passed);
        }
        if (done.Count == 0) return null;
        var axis = CoreCapacityAxis.Analyse(done.Select(VerticalRun.Capacity).ToList(), settings.CoresPerNode);
        if (axis.HeldOut is { } held) progress.Info("vertical axis, held out: " + held.Describe());
        if (axis.Production is { } p)
            progress.Info($"vertical axis: a {Show(p.Cores)}-core node extrapolated to {p.OpsPerSecond:N0} ops/s " +
                          (p.HasInterval ? $"(95 % interval {p.Low:N0}–{p.High:N0}) " : "(no interval: two quotas) ") + $"— {p.RatioText()}, not measured");
        notes.Add($"vertical axis: one node at {string.Join(", ", done.Select(q => Show(q.Cores)))} cores, each a fresh one-node tree with a store of its own, " +
                  $"capped after its start; {isolation.Describe()}; each search after the first started from the previous quota's capacity × the ratio of the quotas, " +
                  $"and a quota whose trials failed down to 1/{VerticalFloorDivisor:0} of its first load counts as not carrying the topology");
        return new VerticalRun(done, axis, isolation.GeneratorCpus, isolation.GeneratorApart);
    }

    /// <summary>The search at <paramref name="cores"/>: from the previous quota's passed load scaled by the quotas' ratio (or
    /// the run's first load), down to 1/<see cref="VerticalFloorDivisor"/> of that start, otherwise the run's settings.</summary>
    internal static MonitorSim.Sizing.Search.SearchSettings VerticalSearch(MonitorSim.Sizing.Search.SearchSettings run, double cores, (double Cores, double Load)? previous)
    {
        ArgumentNullException.ThrowIfNull(run);
        var start = previous is { } p ? Math.Min(run.MaxLoad, p.Load * cores / p.Cores) : run.StartLoad;
        return run with { StartLoad = start, MinLoad = start / VerticalFloorDivisor };
    }

    /// <summary>A SQLite store of the quota's own (size-1-node-0.5-cores.db beside the run's), so that no quota inherits
    /// another's journal; other stores as they are.</summary>
    private static StoreAddress QuotaStore(StoreAddress store, double cores)
    {
        if (store.SqlitePath is not { } path) return store;
        return StoreAddress.Sqlite(Path.Combine(Path.GetDirectoryName(path) ?? "",
            $"{Path.GetFileNameWithoutExtension(path)}-1-node-{Show(cores)}-cores{Path.GetExtension(path)}"));
    }
}
