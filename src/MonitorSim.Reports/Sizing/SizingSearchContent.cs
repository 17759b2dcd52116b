using System.Globalization;
using System.Text.Json.Nodes;
using MonitorSim.Sizing.Planning;
using MonitorSim.Sizing.Prediction;
using MonitorSim.Sizing.Search;

namespace MonitorSim.Reports.Sizing;

/// <summary>The capacity found by search on each cluster size, and every trial of the search (the trail), for sizing.md,
/// sizing.html and sizing.json.</summary>
internal static class SizingSearchContent
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The searches that ran, fewest nodes first.</summary>
    public static IReadOnlyList<NodeSeries> Searched(SizingRun run) => (run.Clusters ?? []).Where(c => c.Search is not null).ToList();

    /// <summary>Mean completed ops/s over the passed trials at the search's highest passing load (<see
    /// cref="NodeSeries.HeldAtPassedLoad"/>), or null when none passed.</summary>
    public static double? CompletedAtPassedLoad(NodeSeries series) =>
        series.HeldAtPassedLoad is { Count: > 0 } held ? held.Average(s => s.CompletedPerSecond) : null;

    /// <summary>One line per cluster size: the capacity interval in load factor and ops/s, or why there is none.</summary>
    public static string Line(NodeSeries c)
    {
        var s = c.Search!;
        var at = SizingContent.NodeCount(c.Nodes);
        if (s.PassedLoad is { } lo && s.FailedLoad is { } hi)
            return $"Capacity on {at}: load factor {N(lo)} to {N(hi)} ({Fmt.Rate(CompletedAtPassedLoad(c) ?? 0)} ops/s completed at {N(lo)}, which {s.PassedRecord}; " +
                   $"{N(hi)} failed), an interval {Pct(s.Width!.Value)} wide, measured by {s.Trail.Count} trials{(s.Converged ? "" : $", not converged: {s.StopReason}")}.";
        return $"Capacity on {at}: not bracketed after {s.Trail.Count} trials: {s.StopReason}.";
    }

    public static List<ReportBlock> Capacity(SizingRun run)
    {
        var searched = Searched(run);
        if (searched.Count == 0) return [new ParagraphBlock("No capacity search ran.")];
        return
        [
            new ParagraphBlock($"The capacity is the highest load at which every SLO threshold holds ({string.Join(", ", run.Slo)}). It is found by binary " +
                               $"search (RFC 2544 / RFC 8219, with the MLRsearch draft's repeated boundary trials): from load factor {N(run.Search.StartLoad)}, " +
                               $"{(run.Search.BracketFactor == 2 ? "double" : $"multiply by {N(run.Search.BracketFactor)}")} until a trial fails, then try the geometric middle of the bracket until it is within {Pct(run.Search.Resolution)}; the " +
                               $"highest passing load must pass {run.Search.BoundaryRepeats} trials, and " +
                               (run.Search.FailuresToFail == 1 ? "one failed trial fails a load. " : $"a load fails on its {Ordinal(run.Search.FailuresToFail)} failed trial (a load that fails once bounds the bracket at once and, if the answer rests on it, is run again, a recheck in the trail, so one disturbed window cannot set the capacity). ") +
                               "Each trial is " +
                               $"{N(run.WarmUpS)} s of warm-up and {N(run.SteadyS)} s of steady load, measured."),
            new TableBlock(["nodes", "passed (load factor)", "failed (load factor)", "width", "completed ops/s at passed", "generator lag p99 ms at passed", "trials", "converged", "why it ended"],
                searched.Select(c => (IReadOnlyList<Cell>)
                [
                    Cell.Num(c.Nodes.ToString(Inv)), Cell.Num(c.Search!.PassedLoad is { } l ? N(l) : "none"), Cell.Num(c.Search.FailedLoad is { } u ? N(u) : "none"),
                    Cell.Num(c.Search.Width is { } w ? Pct(w) : "n/a"), Cell.Num(CompletedAtPassedLoad(c) is { } x ? Fmt.Rate(x) : "n/a"),
                    Cell.Num(c.Search.PassedLoad is { } pl ? N(c.Steps.Where(s => s.LoadFactor == pl).Max(s => s.GeneratorLagP99Ms)) : "n/a"),
                    Cell.Num(c.Search.Trail.Count.ToString(Inv)), c.Search.Converged ? "yes" : "no", c.Search.StopReason,
                ]).ToList()),
            .. Repeated(run),
        ];
    }

    /// <summary>With <c>--searches</c> above 1: every search of every node count, the median one marked, and the spread.</summary>
    private static IEnumerable<ReportBlock> Repeated(SizingRun run)
    {
        if (run.RepeatedSearches is not { Count: > 0 } counts) yield break;
        yield return new ParagraphBlock($"Each node count was searched {counts.Max(c => c.Searches.Count)} times, each time on a cluster started afresh: one search is " +
                                        "one draw. The node count stands for its median search (the rows above, the trail, every model and the plan); the others show how far " +
                                        "the same command moves on this machine. " +
                                        string.Join(" ", counts.Select(c => $"{SizingContent.NodeCount(c.Nodes)}: {Fmt.Rate(c.Spread.Low)}–{Fmt.Rate(c.Spread.High)} ops/s " +
                                                                            (c.Spread.Low > 0 ? $"(highest over lowest {N(c.Spread.High / c.Spread.Low)}×)." : "(a search passed no load)."))));
        yield return new TableBlock(["nodes", "search", "passed (load factor)", "failed (load factor)", "completed ops/s at passed", "median"],
            counts.SelectMany(c => c.Searches.Select((x, i) => (IReadOnlyList<Cell>)
            [
                Cell.Num(c.Nodes.ToString(Inv)), Cell.Num((i + 1).ToString(Inv)), Cell.Num(x.PassedLoad > 0 ? N(x.PassedLoad) : "none"),
                Cell.Num(x.FailedLoad is { } f ? N(f) : "none"), Cell.Num(Fmt.Rate(x.OpsPerSecond)), ReferenceEquals(x, c.Median) ? "yes" : "",
            ])).ToList());
    }

    /// <summary>The repeated searches for sizing.json; null with one search a node count.</summary>
    public static JsonArray? RepeatedJson(SizingRun run) => run.RepeatedSearches is not { } counts ? null : new(counts.Select(c => (JsonNode?)new JsonObject
    {
        ["nodes"] = c.Nodes,
        ["median_ops"] = c.OpsPerSecond,
        ["low_ops"] = c.Spread.Low,
        ["high_ops"] = c.Spread.High,
        ["searches"] = new JsonArray(c.Searches.Select(x => (JsonNode?)new JsonObject
        {
            ["passed_load_factor"] = x.PassedLoad > 0 ? x.PassedLoad : null, ["failed_load_factor"] = x.FailedLoad, ["ops"] = x.OpsPerSecond,
            ["median"] = ReferenceEquals(x, c.Median),
        }).ToArray()),
    }).ToArray());

    public static List<ReportBlock> Trail(SizingRun run)
    {
        var searched = Searched(run);
        if (searched.Count == 0) return [new ParagraphBlock("No capacity search ran.")];
        var sloOps = SloOperations(run);
        return
        [
            new SizingChartBlock(SizingChart.SearchTrail, "Every trial's load factor in the order run, passed or failed, with the bracket narrowing"),
            new TableBlock(["nodes", "trial", "phase", "load factor", "offered/s", "completed/s", .. sloOps.Select(o => $"{o} p99 ms"), "busy cores", "journal writer busy", "generator lag p99 ms", "quiet wait s", "result", "threshold broken", "bracket after"],
                searched.SelectMany(c => c.Search!.Trail.Select(t =>
                {
                    var s = c.Steps.First(x => x.Number == t.Number);
                    return (IReadOnlyList<Cell>)
                    [
                        Cell.Num(c.Nodes.ToString(Inv)), Cell.Num(t.Number.ToString(Inv)), t.Phase.ToString().ToLowerInvariant(), Cell.Num(N(t.Load)),
                        Cell.Num(Fmt.Rate(s.OfferedPerSecond)), Cell.Num(Fmt.Rate(s.CompletedPerSecond)),
                        .. sloOps.Select(o => Cell.Num(s.Operations.TryGetValue(o, out var f) ? N(f.P99Ms) : "n/a")),
                        Cell.Num(N(s.BusyCores)), Cell.Num(Writer(s)), Cell.Num(N(s.GeneratorLagP99Ms)), Cell.Num(Quiet(s.QuietBefore)), t.Passed ? "pass" : "fail", string.Join("; ", t.Broken),
                        $"{(t.PassedBelow is { } l ? N(l) : "—")} … {(t.FailedAbove is { } u ? N(u) : "—")}",
                    ];
                })).ToList()),
        ];
    }

    /// <summary>The busiest node's journal writer: the share of the window inside transactions, and on several nodes the
    /// share waiting for the store's lock ("0.62, lock 0.15"); a dash on a store without the SQLite writer.</summary>
    private static string Writer(StepMeasurement s) => s.BusiestJournalWriter is not { } w ? "—"
        : s.JournalWriter!.Count > 1 ? $"{w.BusyShare.ToString("0.00", Inv)}, lock {w.LockWaitShare.ToString("0.00", Inv)}" : w.BusyShare.ToString("0.00", Inv);

    /// <summary>How long a trial waited for a quiet tree before it: its seconds, "still busy" where the wait gave up, a dash
    /// where it did not wait (uncapped nodes).</summary>
    private static string Quiet(TrialQuiet? q) => q is null ? "—" : q.Quiet ? N(q.WaitedSeconds) : $"{N(q.WaitedSeconds)} (still busy: {N(q.BusiestCores)} cores)";

    /// <summary>The operations the SLO names, whose p99 the trail lists.</summary>
    private static List<string> SloOperations(SizingRun run) =>
        Searched(run).SelectMany(c => c.Steps).SelectMany(s => s.Operations.Keys).Distinct(StringComparer.Ordinal)
            .Where(o => run.Slo.Any(t => t.StartsWith(o + ".", StringComparison.Ordinal))).Order(StringComparer.Ordinal).ToList();

    public static JsonArray Json(SizingRun run) => new(Searched(run).Select(c => (JsonNode?)new JsonObject
    {
        ["nodes"] = c.Nodes,
        ["passed_load_factor"] = c.Search!.PassedLoad,
        ["failed_load_factor"] = c.Search.FailedLoad,
        ["width"] = c.Search.Width,
        ["passed_completed_ops"] = CompletedAtPassedLoad(c),
        ["converged"] = c.Search.Converged,
        ["stop_reason"] = c.Search.StopReason,
        ["trail"] = new JsonArray(c.Search.Trail.Select(t => (JsonNode?)new JsonObject
        {
            ["trial"] = t.Number, ["phase"] = t.Phase.ToString().ToLowerInvariant(), ["load_factor"] = t.Load, ["passed"] = t.Passed,
            ["broken"] = new JsonArray(t.Broken.Select(b => (JsonNode?)JsonValue.Create(b)).ToArray()),
            ["passed_below"] = t.PassedBelow, ["failed_above"] = t.FailedAbove,
        }).ToArray()),
    }).ToArray());

    private static string N(double v) => SizingContent.N(v);

    private static string Pct(double v) => SizingContent.Pct(v);

    private static string Ordinal(int n) => n switch { 2 => "second", 3 => "third", 4 => "fourth", 5 => "fifth", _ => $"{n}th" };
}
