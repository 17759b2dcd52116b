using System.Globalization;
using MonitorSim.Sizing.Design;
using MonitorSim.Sizing.Planning;
using MonitorSim.Sizing.Prediction;

namespace MonitorSim.Reports.Sizing;

/// <summary>
/// The answer a sizing report leads with: which measured configuration carries the design load, by how much, on which
/// trial's evidence, and how far the capacity prediction was from the search. Every figure is a measured trial's (the
/// searched capacity, the trial that held the SLO at or above the design load), a checked prediction's, or the design
/// load's own arithmetic (its inputs named): the production extrapolation to other nodes is not in it.
/// </summary>
/// <param name="Nodes">Nodes of the configuration the answer is about: of the measured configurations that carry the design
/// load, the one with the fewest cores (<see cref="Of"/>), or the one that carried the most when none does.</param>
/// <param name="CoresPerNode">Cores each node owned: the <c>--node-cpus</c> quota, or the vertical axis's quota, when isolated;
/// else the machine's cores, which every node process and the load generator shared.</param>
/// <param name="CapacityOpsPerSecond">Completed operations per second at the highest load that passed every repeat (mean of
/// the repeats); null when no load passed.</param>
/// <param name="Margin">Capacity / design load (operations per second); 0 when no load passed.</param>
/// <param name="Evidence">The measured trial at or above the design load (and at or below the capacity) with the lowest
/// load that held every SLO: where "within the SLO" is read; null when none did.</param>
/// <param name="CapacityCheck">The capacity prediction from the light trials against the search; null when none was made
/// (<paramref name="NoPrediction"/> says why).</param>
public sealed record SizingAnswer(
    int Nodes,
    double CoresPerNode,
    bool Isolated,
    DesignLoad Design,
    double? CapacityOpsPerSecond,
    double? PassedLoad,
    double? FailedLoad,
    double Margin,
    StepMeasurement? Evidence,
    PredictionCheck? CapacityCheck,
    string? NoPrediction)
{
    /// <summary>Whether the configuration carries the design load: a measured capacity at or above it.</summary>
    public bool Fits => CapacityOpsPerSecond is not null && Margin >= 1;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Where the configuration was measured: null for a cluster size (<c>--nodes</c>, with <c>--node-cpus</c> or
    /// sharing the machine), or the CPU quota of the vertical axis (<c>--vertical</c>) whose one-node search backs the answer.</summary>
    public double? VerticalQuota { get; init; }

    /// <summary>How the passed load stands in its search (<see cref="MonitorSim.Sizing.Search.SearchResult.PassedRecord"/>): every repeat it needed
    /// where the search converged, otherwise its own record.</summary>
    public string PassedRecord { get; init; } = "passed every repeat it needed";

    /// <summary>
    /// The answer of <paramref name="run"/>; null when no search ran (nothing measured to answer with). Every measured
    /// configuration is a candidate: each cluster size (N nodes of the <c>--node-cpus</c> quota, or sharing the machine's
    /// cores) and each quota of the vertical axis (1 node of C cores). The answer is the one with the fewest cores
    /// (N × C when isolated; the machine's when shared), then the fewest nodes, whose searched capacity carries the design
    /// load; when none does, the one that carried the most.
    /// </summary>
    public static SizingAnswer? Of(SizingRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var isolated = run.NodeCpus is not null;
        var candidates = (run.Clusters ?? []).Where(c => c.Search is not null)
            .Select(c => new Candidate(c, c.Nodes, run.NodeCpus ?? run.MachineCores, isolated, null))
            .Concat((run.Vertical?.Quotas ?? []).Where(q => q.Series.Search is not null).Select(q => new Candidate(q.Series, 1, q.Cores, true, q.Cores)))
            .ToList();
        if (candidates.Count == 0) return null;
        var design = run.Analysis.Design;
        double? CapacityOf(Candidate c) => SizingSearchContent.CompletedAtPassedLoad(c.Series);
        double Cores(Candidate c) => c.Isolated ? c.Nodes * c.CoresPerNode : run.MachineCores;
        var chosen = candidates.Where(c => CapacityOf(c) >= design.OpsPerSecond).OrderBy(Cores).ThenBy(c => c.Nodes).FirstOrDefault()
                     ?? candidates.OrderByDescending(c => CapacityOf(c) ?? -1).ThenBy(Cores).First();
        var (cluster, capacity) = (chosen.Series, CapacityOf(chosen));
        var search = cluster.Search!;
        var evidence = search.PassedLoad is { } passed
            ? cluster.Steps.Where(s => s.SloHeld && s.LoadFactor <= passed && s.CompletedPerSecond >= design.OpsPerSecond)
                .OrderBy(s => s.LoadFactor).ThenBy(s => s.Number).FirstOrDefault()
            : null;
        var (check, why) = chosen.Quota is { } quota ? (null, VerticalPrediction(run, quota)) : ClusterPrediction(run, cluster);
        return new SizingAnswer(chosen.Nodes, chosen.CoresPerNode, chosen.Isolated, design, capacity, search.PassedLoad, search.FailedLoad,
            capacity is { } x ? design.MarginOf(x) : 0, evidence, check, why) { VerticalQuota = chosen.Quota, PassedRecord = search.PassedRecord };
    }

    /// <summary>One measured configuration: its search, its nodes and their cores, and the vertical axis's quota when it was one.</summary>
    private sealed record Candidate(NodeSeries Series, int Nodes, double CoresPerNode, bool Isolated, double? Quota);

    /// <summary>The capacity check of a cluster size's light-trial prediction, or why there is none.</summary>
    private static (PredictionCheck? Check, string? Why) ClusterPrediction(SizingRun run, NodeSeries cluster)
    {
        var search = cluster.Search!;
        var predictions = (run.Predictions ?? []).FirstOrDefault(p => p.Nodes == cluster.Nodes);
        var check = predictions?.Checks.FirstOrDefault(c => c.Figure.StartsWith("capacity", StringComparison.Ordinal));
        var why = check is not null ? null
            : predictions is null ? "not predicted: none was made on this configuration (predictions are made for the tree's CPU after its search; a self-test target's capacity is its queue's)"
            : predictions.Prediction is { } made
                ? $"predicted load factor {N(made.LoadFactor)} but not checked: the search found no " +
                  (search.FailedLoad is null ? "load that failed (its ceiling held), so no interval to check it against" : "load that passed every repeat")
            : "not predicted: " + (predictions.Problem ?? "the search found no interval to check a prediction against");
        return (check, why);
    }

    /// <summary>Why a quota of the vertical axis has no light-trial prediction, and what checked it instead: the held-out
    /// check when the quota is the held-out one (the largest that carried the topology).</summary>
    private static string VerticalPrediction(SizingRun run, double quota)
    {
        var axis = run.Vertical!.Axis;
        var heldOutCores = axis.Measured.Where(m => m.Carries).Select(m => (double?)m.Cores).Max();
        return "not predicted from light trials on a quota of the vertical axis; " +
               (axis.HeldOut is { } held && heldOutCores == quota
                   ? $"the smaller quotas predicted it: {held.Describe()}"
                   : "the axis's check is its largest quota, held out from the line over cores (see Capacity against cores)");
    }

    /// <summary>The report's first lines: the answer, then every other prediction that missed (sizing.md, .html, .json and
    /// the console say the same).</summary>
    public static IReadOnlyList<string> Lead(SizingRun run) => SizingContent.Lead(run);

    /// <summary>The report's first line.</summary>
    public string Headline()
    {
        var d = Design;
        var what = $"the design load of {Fmt.Rate(d.OpsPerSecond)} ops/s ({Which(d)})";
        var config = Configuration();
        string lead;
        if (Fits)
        {
            var slo = Evidence is { } e
                ? $"at every SLO (trial {e.Number}{(VerticalQuota is { } q ? $" of the search at {N(q)} cores" : "")} at load factor {N(e.LoadFactor)}, " +
                  $"{Fmt.Rate(e.CompletedPerSecond)} ops/s completed: {Verdicts(e)})"
                : "at every SLO (the trials at the capacity held it)";
            lead = $"{config} {(Nodes == 1 ? "carries" : "carry")} {what} {slo}, margin {Margin.ToString("0.00", Inv)}× " +
                   $"(capacity {Fmt.Rate(CapacityOpsPerSecond!.Value)} ops/s measured: {Interval()})";
        }
        else if (CapacityOpsPerSecond is { } cap)
            lead = $"NOT CARRIED: no measured configuration carries {what}; the most was {config}: {Fmt.Rate(cap)} ops/s measured ({Interval()}), " +
                   $"margin {Margin.ToString("0.00", Inv)}× (below 1)";
        else
            lead = $"NOT CARRIED: no measured configuration carries {what}; on {config} no load held every SLO in every repeat";
        return $"{lead}; {Prediction()}.";
    }

    /// <summary>"capacity predicted load factor 8.1, measured 9.4 (error −13.8 %, within ±20 %)", or a miss said plainly.</summary>
    public string Prediction()
    {
        if (CapacityCheck is not { } c) return $"capacity {NoPrediction}";
        var error = double.IsFinite(c.Error) ? (c.Error * 100).ToString("+0.0;-0.0;0.0", Inv) + " %" : "n/a";
        return $"capacity predicted load factor {N(c.Predicted)}, measured {N(c.Measured)} (the search's interval's middle; error {error}, " +
               (c.Hit ? $"within ±{(c.Tolerance * 100).ToString("0", Inv)} %)" : $"PREDICTION MISSED its ±{(c.Tolerance * 100).ToString("0", Inv)} %: the plan uses the measured capacity)");
    }

    /// <summary>"1 node of 0.4 cores (CPU-isolated)", "1 node of 1.5 cores (CPU-isolated, the vertical axis's search)" or
    /// "1 node sharing this machine's 2 cores with the load generator".</summary>
    public string Configuration()
    {
        var nodes = SizingContent.NodeCount(Nodes);
        var cores = $"{N(CoresPerNode)} {(CoresPerNode == 1 ? "core" : "cores")}";
        if (VerticalQuota is not null) return $"{nodes} of {cores} (CPU-isolated, the vertical axis's search)";
        return Isolated
            ? $"{nodes} of {cores} each (CPU-isolated)"
            : $"{nodes} sharing this machine's {N(CoresPerNode)} cores with the load generator";
    }

    private string Interval() =>
        PassedLoad is { } l
            ? $"load factor {N(l)} {PassedRecord}, " + (FailedLoad is { } u ? $"{N(u)} failed" : "no load tried failed")
            : "no load passed";

    private static string Which(DesignLoad d) =>
        $"{d.Chosen.Name}: {d.Chosen.Derivation}" + (d.Growth == 1 ? "" : $", × growth {N(d.Growth)}");

    private static string Verdicts(StepMeasurement s) =>
        string.Join(", ", s.Slo.Select(v => $"{v.Expr} held at {(v.Value is { } x ? N(x) : "no value")}"));

    private static string N(double v) => SizingContent.N(v);
}
