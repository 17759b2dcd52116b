using System.Globalization;
using MonitorSim.Sizing.Planning;
using MonitorSim.Sizing.Queueing;
using MonitorSim.Sizing.Usl;
using MonitorSim.Sizing.Video;

namespace MonitorSim.Reports.Sizing;

/// <summary>A chart of the sizing report; only sizing.html draws it.</summary>
internal sealed record SizingChartBlock(SizingChart Kind, string Caption) : ReportBlock;

/// <summary>The sizing report's charts.</summary>
internal enum SizingChart
{
    SearchTrail,
    ThroughputUsl,
    LatencyKnee,
    NodeCapacity,
    CoreCapacity,
}

/// <summary>The sizing report's sections, shared by sizing.md and sizing.html so both say the same.</summary>
internal static class SizingContent
{
    /// <summary>Section titles, in order: every sizing report has all of them.</summary>
    public static readonly string[] Titles =
    [
        "Summary", "Design load", "Capacity by search", "Predictions checked", "Capacity against nodes", "Capacity against cores", "Search trail", "Trials by load", "Latency per trial", "Service demand", "Offered against completed", "Latency against load",
        "Node count", "Erlang C at the plan", "Production plan", "Network per link", "Video backbone",
        "Assumptions and notes", "Run",
    ];

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static IReadOnlyList<ReportSection> Build(SizingRun run)
    {
        var a = run.Analysis;
        var p = a.Plan;
        return
        [
            new(Titles[0], Summary(run)),
            new(Titles[1], DesignSection(run)),
            new(Titles[2], SizingSearchContent.Capacity(run)),
            new(Titles[3], SizingPredictionContent.Section(run)),
            new(Titles[4], SizingPredictionContent.NodeSection(run)),
            new(Titles[5], SizingVerticalContent.Section(run)),
            new(Titles[6], SizingSearchContent.Trail(run)),
            new(Titles[7], [Steps(run)]),
            new(Titles[8], [LatencyTable(run)]),
            new(Titles[9], Demand(run)),
            new(Titles[10], OfferedCompleted()),
            new(Titles[11], [
                new SizingChartBlock(SizingChart.LatencyKnee, "p99 per operation against the load factor; the dashed line marks the knee (the highest load before the first that broke the SLO or stopped keeping up)"),
                new ParagraphBlock(a.KneeStep is { } k
                    ? $"Knee: step {k}, load factor {N(a.Steps.First(s => s.Number == k).LoadFactor)}, {Rate(a.Steps.First(s => s.Number == k).CompletedPerSecond)} ops/s completed."
                    : "No knee: the first step already broke the SLO or the steps never grew."),
            ]),
            new(Titles[12], SizingNodeContent.Section(run)),
            new(Titles[13], Erlang(p)),
            new(Titles[14], Plan(run)),
            new(Titles[15], Network(p)),
            new(Titles[16], Video(run)),
            new(Titles[17], [new ListBlock(run.Notes)]),
            new(Titles[18], [Facts(run)]),
        ];
    }

    /// <summary>
    /// The report's first lines: the answer (<see cref="SizingAnswer.Headline"/>), then every other prediction that missed
    /// its target, each saying the plan uses the measured figure, then the trials that lost operations below overload.
    /// </summary>
    public static IReadOnlyList<string> Lead(SizingRun run)
    {
        var answer = SizingAnswer.Of(run);
        var lines = new List<string> { answer?.Headline() ?? "No capacity search ran: nothing was measured that could carry a design load." };
        lines.AddRange(SizingPredictionContent.Misses(run, except: answer?.CapacityCheck));
        lines.AddRange(SizingPredictionContent.NodeMiss(run));
        lines.AddRange(SizingVerticalContent.Miss(run));
        lines.AddRange(SizingLossContent.Lines(run));
        return lines;
    }

    private static List<ReportBlock> DesignSection(SizingRun run)
    {
        var d = run.Analysis.Design;
        var answer = SizingAnswer.Of(run);
        var blocks = new List<ReportBlock>
        {
            new ParagraphBlock($"The plan is sized for the largest of these loads × growth {N(d.Growth)}: {d.Chosen.Name}, {Rate(d.OpsPerSecond)} ops/s " +
                               $"(load factor {N(d.OpsPerSecond / run.Analysis.OpsPerLoadFactor)} of the scenario's mix, at the {Rate(run.Analysis.OpsPerLoadFactor)} ops/s per " +
                               "unit of load factor the trials offered). Candidates are compared by operations per second; the capacity was measured on the " +
                               "scenario's mix, so the margin assumes an operation of the design load costs what one of the mix costs."),
            new TableBlock(["candidate", "ops/s", $"ops/s × growth {N(d.Growth)}", "design load", "from"],
                d.Candidates.Select(c => (IReadOnlyList<Cell>)
                [
                    Cell.Id(c.Name), Cell.Num(Rate(c.OpsPerSecond)), Cell.Num(Rate(c.OpsPerSecond * d.Growth)), ReferenceEquals(c, d.Chosen) ? "yes" : "", c.Derivation,
                ]).ToList()),
        };
        if (answer is not null)
            blocks.Add(new ParagraphBlock(answer.CapacityOpsPerSecond is { } cap
                ? $"Margin: capacity {Rate(cap)} ops/s (measured on {answer.Configuration()}) / design load {Rate(d.OpsPerSecond)} ops/s = {answer.Margin.ToString("0.00", Inv)}×."
                : $"Margin: none: on {answer.Configuration()} no load held every SLO in every repeat."));
        return blocks;
    }

    private static List<ReportBlock> Summary(SizingRun run)
    {
        var a = run.Analysis;
        var items = SizingSearchContent.Searched(run).Select(SizingSearchContent.Line).ToList();
        items.AddRange(SizingPredictionContent.Lines(run));
        items.AddRange(
        [
            $"SLO: {(run.Slo.Count == 0 ? "none" : string.Join(", ", run.Slo))}.",
        ]);
        if (a.FitProblem is { } unfitted) items.Add($"Production: no role sized: {unfitted}.");
        foreach (var r in a.Plan.Roles)
            items.Add($"Production at the design load ({Rate(a.Plan.TotalOpsPerSecond)} ops/s), extrapolated from the service demand, not measured on such nodes: {r.Role} needs {r.Cores} {(r.Cores == 1 ? "core" : "cores")} on {r.Nodes} {(r.Nodes == 1 ? "node" : "nodes")} of {a.Plan.Inputs.CoresPerNode} cores, at {Pct(r.Utilisation)} busy.");
        items.Add(SizingNodeContent.SummaryLine(run));
        items.Add(SizingVerticalContent.SummaryLine(run));
        var grown = GrownVideo(run).Total;
        items.Add($"Video: {N(run.Video.Total.IngestGbps)} Gbps ingest, {N(run.Video.Total.StoragePb)} PB for the retention, {run.Video.Total.Disks:N0} disks today" +
                  (a.Plan.Inputs.Growth == 1 ? "." : $"; at growth {N(a.Plan.Inputs.Growth)} {N(grown.IngestGbps)} Gbps, {N(grown.StoragePb)} PB, {grown.Disks:N0} disks."));
        items.Add($"The size run took {N(run.WallSeconds)} s.");
        return [new ListBlock(items)];
    }

    /// <summary>The steps the Steps and Latency tables list: every series' with its node count when the run measured several
    /// cluster sizes (Nodes set), else the analysis's (Nodes null).</summary>
    internal static IReadOnlyList<(int? Nodes, StepMeasurement Step)> ListedSteps(SizingRun run) =>
        run.Clusters is { Count: > 1 } clusters
            ? [.. clusters.SelectMany(c => c.Steps.Select(s => ((int?)c.Nodes, s)))]
            : [.. run.Analysis.Steps.Select(s => ((int?)null, s))];

    /// <summary>A table of <see cref="ListedSteps"/>, led by a "nodes" column when they come from several cluster sizes.</summary>
    private static TableBlock StepTable(SizingRun run, IReadOnlyList<string> headers, Func<StepMeasurement, IEnumerable<IReadOnlyList<Cell>>> rows)
    {
        var listed = ListedSteps(run);
        var several = listed.Any(l => l.Nodes is not null);
        var table = listed.SelectMany(l => rows(l.Step).Select(r => several ? (IReadOnlyList<Cell>)[Cell.Num(l.Nodes!.Value.ToString(Inv)), .. r] : r)).ToList();
        return new TableBlock(several ? ["nodes", .. headers] : headers, table);
    }

    private static TableBlock Steps(SizingRun run) => StepTable(run,
        ["step", "load factor", "offered/s", "completed/s", "failed", "dropped", "cpu s (process)", "cpu s (generator)", "cpu s (tree)",
         "busy cores", "GC 0/1/2", "GC paused %", "allocated MB", "working set MB", "journal writes/s", "generator lag p99 ms", "SLO"],
        s =>
        [[
            Cell.Num(s.Number.ToString(Inv)), Cell.Num(N(s.LoadFactor)), Cell.Num(Rate(s.OfferedPerSecond)), Cell.Num(Rate(s.CompletedPerSecond)),
            Cell.Num(s.Failed.ToString("N0", Inv)), Cell.Num(s.Dropped.ToString("N0", Inv)),
            Cell.Num(N(s.CpuSeconds)), Cell.Num(s.GeneratorCpuSeconds is { } g ? N(g) : "n/a"), Cell.Num(N(s.TreeCpuSeconds)), Cell.Num(N(s.BusyCores)),
            Cell.Num($"{s.Gen0}/{s.Gen1}/{s.Gen2}"), Cell.Num(s.GcPausedShare is { } gp ? N(gp * 100) : "n/a"), Cell.Num(N(s.AllocatedMb)), Cell.Num(N(s.WorkingSetMb)),
            Cell.Num(s.JournalWritesPerSecond is { } j ? Rate(j) : "n/a"), Cell.Num(N(s.GeneratorLagP99Ms)),
            s.Slo.Count == 0 ? "—" : s.SloHeld ? "held" : "broke: " + string.Join(", ", s.Slo.Where(v => !v.Passed).Select(v => v.Expr)),
        ]]);

    private static TableBlock LatencyTable(SizingRun run) => StepTable(run,
        ["step", "load factor", "operation", "offered/s", "completed/s", "mean ms", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms"],
        s => s.Operations.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => (IReadOnlyList<Cell>)
        [
            Cell.Num(s.Number.ToString(Inv)), Cell.Num(N(s.LoadFactor)), Cell.Id(o.Key), Cell.Num(Rate(o.Value.OfferedPerSecond)),
            Cell.Num(Rate(o.Value.CompletedPerSecond)), Cell.Num(N(o.Value.MeanMs)), Cell.Num(N(o.Value.P50Ms)), Cell.Num(N(o.Value.P90Ms)),
            Cell.Num(N(o.Value.P99Ms)), Cell.Num(N(o.Value.P999Ms)),
        ]));

    private static List<ReportBlock> Demand(SizingRun run)
    {
        var a = run.Analysis;
        var demands = new[] { a.ProcessDemand, a.TreeDemand, a.GeneratorDemand }.OfType<ServiceDemand>().ToList();
        return
        [
            .. a.FitProblem is { } unfitted ? [new ParagraphBlock($"Not fitted: {unfitted}.")] : Array.Empty<ReportBlock>(),
            new ParagraphBlock("The utilisation law U·c = X·D with the fixed overhead apart: busy cores = overhead + X·D, fitted by least squares " +
                               "over the steps up to the knee that held the SLO (X completed operations/s, busy cores = CPU seconds per wall second). " +
                               "D is what one more operation costs; the process runs the tree (actors and journal) and the load generator's thread, " +
                               "told apart by the thread's own CPU time. The steps raise every operation in proportion, so the cost per kind of operation cannot be separated: D is per " +
                               "operation of the scenario's mix."),
            new TableBlock(["role", "D (µs CPU per operation)", "overhead (cores)", "steps fitted"],
                demands.Select(d => (IReadOnlyList<Cell>)[Cell.Id(d.Role), Cell.Num(N(d.DemandSeconds * 1e6)), Cell.Num(N(d.OverheadCores)), Cell.Num(d.Steps.ToString(Inv))]).ToList()),
            new TableBlock(["step", "load factor", "busy cores", "U (of the machine's cores)", "D = busy / X (µs)", "Little's N = X·R (mean)"],
                a.Steps.Select(s => (IReadOnlyList<Cell>)
                [
                    Cell.Num(s.Number.ToString(Inv)), Cell.Num(N(s.LoadFactor)), Cell.Num(N(s.BusyCores)), Cell.Num(Pct(s.BusyCores / run.MachineCores)),
                    Cell.Num(s.CompletedPerSecond > 0 ? N(s.BusyCores / s.CompletedPerSecond * 1e6) : "n/a"),
                    Cell.Num(N(s.Operations.Values.Sum(f => OperationalLaws.Concurrency(f.CompletedPerSecond, f.MeanMs / 1000)))),
                ]).ToList()),
        ];
    }

    private static List<ReportBlock> OfferedCompleted() =>
    [
        new SizingChartBlock(SizingChart.ThroughputUsl, "Offered and completed operations/s at each trial's load factor; where completed falls below offered the tree is saturated"),
        new ParagraphBlock("What this is, and is not: below saturation an open model completes what it offers, so completed throughput is " +
                           "proportional to the load factor by construction. A curve fitted over the load factor here would check that the load " +
                           "generator offered what it was asked, not a capacity model, so none is fitted. The capacity is the search's; the " +
                           "predictions that can fail, and their errors, are in \"Predictions checked\"."),
    ];

    /// <summary>A fitted USL's parameters; the last row is X at the peak × <paramref name="peakScale"/>.</summary>
    internal static TableBlock UslTable(UslFit u, string gammaLabel, string peakLabel, string peakThroughputLabel, double peakScale) =>
        new(["parameter", "value", "standard error"],
        [
            ["α (contention)", Cell.Num(G(u.Model.Alpha)), Cell.Num(G(u.AlphaStandardError))],
            ["β (coherency)", Cell.Num(G(u.Model.Beta)), Cell.Num(u.BetaStandardError is { } b ? G(b) : "β = 0: not significant (F-test, 5 %)")],
            [gammaLabel, Cell.Num(G(u.Model.Gamma)), Cell.Num(G(u.GammaStandardError))],
            ["R²", Cell.Num(G(u.RSquared)), ""],
            [peakLabel, Cell.Num(u.Model.Peak is { } n ? N(n) : "none (β = 0)"), ""],
            [peakThroughputLabel, Cell.Num(u.Model.PeakThroughput is { } x ? Rate(x * peakScale) : "n/a"), ""],
        ]);

    private static List<ReportBlock> Erlang(CapacityPlan p)
    {
        if (p.Roles.Count == 0) return [new ParagraphBlock("No role was sized (no service demand was fitted: see Service demand), so there are no cores to queue on.")];
        var tree = p.Roles[0];
        if (p.TotalOpsPerSecond <= 0 || tree.BusyCores <= 0) return [new ParagraphBlock("No production load to queue.")];
        var q = new ErlangC(tree.Cores, p.TotalOpsPerSecond, tree.BusyCores / p.TotalOpsPerSecond);
        return
        [
            new ParagraphBlock($"The {tree.Role} role's cores as an M/M/c queue: c = {tree.Cores} cores, λ = {Rate(p.TotalOpsPerSecond)} ops/s, S = busy cores / λ " +
                               $"= {N(q.ServiceTimeSeconds * 1e6)} µs (overhead spread over the operations), so ρ is the planned utilisation."),
            new TableBlock(["figure", "value"],
            [
                ["utilisation ρ", Cell.Num(Pct(q.Utilisation))],
                ["probability of waiting", Cell.Num(Pct(q.WaitProbability))],
                ["mean wait (ms)", Cell.Num(G(q.MeanWaitSeconds * 1000))],
                ["p99 wait (ms)", Cell.Num(G(q.WaitPercentileSeconds(0.99) * 1000))],
            ]),
        ];
    }

    private static List<ReportBlock> Plan(SizingRun run)
    {
        var p = run.Analysis.Plan;
        var i = p.Inputs;
        return
        [
            new ParagraphBlock($"Production load = the design load ({i.Design?.Chosen.Name ?? "peak"}, above: {Rate(p.TotalOpsPerSecond)} ops/s); cores at " +
                               $"{Pct(i.TargetUtilisation)} target utilisation, nodes of {i.CoresPerNode} cores. These are extrapolated from the service demand " +
                               "fitted on this machine's trials to nodes nobody measured: the answer above is what was measured."),
            new TableBlock(["operation", "scenario ops/s", "production ops/s", "peak factor applied", "predicted p99 ms"],
                p.ProductionRates.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => (IReadOnlyList<Cell>)
                [
                    Cell.Id(r.Key), Cell.Num(Rate(i.BaseRates.GetValueOrDefault(r.Key))), Cell.Num(Rate(r.Value)),
                    i.Design is { Chosen.Kind: not MonitorSim.Sizing.Design.DesignLoadKind.Peak } ? "n/a (not the peak)" : i.Unpeaked.Contains(r.Key) ? "no (device timer)" : "yes",
                    Cell.Num(p.PredictedP99Ms.TryGetValue(r.Key, out var v) ? N(v) : "n/a"),
                ]).Append([Cell.Id("total"), Cell.Num(Rate(i.BaseRates.Values.Sum())), Cell.Num(Rate(p.TotalOpsPerSecond)), "", ""]).ToList()),
            new TableBlock(["role", "D (µs/op)", "overhead cores", "busy cores", "cores", "nodes", "utilisation"],
                p.Roles.Select(r => (IReadOnlyList<Cell>)
                [
                    Cell.Id(r.Role), Cell.Num(N(r.DemandSeconds * 1e6)), Cell.Num(N(r.OverheadCores)), Cell.Num(N(r.BusyCores)),
                    Cell.Num(r.Cores.ToString(Inv)), Cell.Num(r.Nodes.ToString(Inv)), Cell.Num(Pct(r.Utilisation)),
                ]).ToList()),
            new ParagraphBlock(run.Analysis.FitProblem is { } unfitted
                ? $"No role sized: {unfitted}."
                : "The tree role is what production runs; the load generator is a test rig's (production cameras are devices), listed to size a rig that drives production load."),
            new TableBlock(["journal", "value"],
            [
                ["journal writes/s at production load (peak hour)", Cell.Num(p.JournalWritesPerSecond is { } w ? Rate(w) : "not measured")],
                ["journal rows per second per unit load factor (measured)", Cell.Num(run.Analysis.JournalRowsPerLoadFactorSecond is { } r ? N(r) : "not measured")],
                ["store bytes per journal row (file growth / rows)", Cell.Num(run.JournalBytesPerRow is { } b ? N(b) : "not measured")],
                ["storage growth per day (GB)", Cell.Num(p.JournalStorageGbPerDay is { } d ? N(d) : "not measured")],
                ["hours a day of journalled events (office hours)", Cell.Num(N(i.JournalHoursPerDay))],
            ]),
        ];
    }

    private static List<ReportBlock> Network(CapacityPlan p) =>
    [
        new ParagraphBlock("Signalling at production load, both directions, from the GB/T 28181 and HTTP messages each operation exchanges (WireSizes); video is below."),
        new TableBlock(["link", "links", "total Mbps", "mean per link kbps", "busiest link kbps", "operations"],
            p.Network.Select(l => (IReadOnlyList<Cell>)
            [
                l.Link, Cell.Num(l.Links.ToString("N0", Inv)), Cell.Num(G(l.TotalMbps)), Cell.Num(G(l.MeanPerLinkKbps)), Cell.Num(G(l.BusiestLinkKbps)),
                string.Join(", ", l.Operations),
            ]).ToList()),
    ];

    private static List<ReportBlock> Video(SizingRun run)
    {
        var v = run.Video;
        var growth = run.Analysis.Plan.Inputs.Growth;
        var grown = GrownVideo(run).Total;
        var mix = string.Join(", ", v.Spec.Mix.Select(m => $"{m.Name} {Pct(m.Share)} at {N(m.BitrateMbps)} Mbps"));
        static IReadOnlyList<Cell> Row(string name, VideoFigures f) =>
        [
            name, Cell.Num(f.Cameras.ToString("N0", Inv)), Cell.Num(N(f.IngestMbps)), Cell.Num(N(f.PeakIngestMbps)), Cell.Num(N(f.StorageTb)),
            Cell.Num(f.Disks.ToString("N0", Inv)), Cell.Num(N(f.LiveViews)), Cell.Num(N(f.UplinkMbps)),
        ];
        string[] headers = ["platform", "cameras", "ingest Mbps", "peak ingest Mbps", "storage TB", "disks", "live views", "uplink Mbps"];
        return
        [
            new ParagraphBlock($"Mix: {mix}; duty cycle {N(v.Spec.DutyCycle)}, retention {N(v.Spec.RetentionDays)} days, {N(v.Spec.DiskTb)} TB disks at " +
                               $"{Pct(v.Spec.UsableFraction)} usable, {v.Spec.LiveViews} live views. Decimal units. Today's cameras:"),
            new TableBlock(headers, [.. v.Platforms.Select(f => Row(f.Name, f)), Row(v.Total.Name, v.Total)]),
            new ParagraphBlock($"At the plan's growth ({N(growth)}) every platform's cameras grow by it (to whole cameras) and are planned with the same " +
                               "spec: ingest and storage grow with them, disks are counted again per platform; the live views (the city's) stay."),
            new TableBlock(["city", .. headers[1..]], [Row("today", v.Total), Row($"at growth {N(growth)}", grown)]),
        ];
    }

    /// <summary>The video backbone at the plan's growth.</summary>
    internal static VideoBackbonePlan GrownVideo(SizingRun run) => VideoBackbone.AtGrowth(run.Video, run.Analysis.Plan.Inputs.Growth);

    private static TableBlock Facts(SizingRun run) => new(["fact", "value"],
    [
        ["scenario", Cell.Id(run.Scenario)],
        ["file", Cell.Id(run.ScenarioFile)],
        ["seed", Cell.Num(run.Seed.ToString(Inv))],
        ["topology", $"{run.Platforms} platforms, {run.Points:N0} points, {run.Cameras:N0} cameras"],
        ["store", Cell.Id(run.Store)],
        ["started", run.StartedAt.ToString("yyyy-MM-dd HH:mm:ss zzz", Inv)],
        ["wall time (s)", Cell.Num(N(run.WallSeconds))],
        ["tree start (ms)", Cell.Num(N(run.TreeStartMs))],
        ["machine", $"{run.Machine}, {run.MachineCores} cores"],
        [".NET", run.DotNet],
        ["commit", Cell.Id(run.Commit)],
    ]);

    internal static string N(double v) => double.IsFinite(v) ? Math.Round(v, 3).ToString("#,0.###", Inv) : "n/a";

    /// <summary>"1 node" or "3 nodes".</summary>
    internal static string NodeCount(int nodes) => nodes == 1 ? "1 node" : $"{nodes.ToString(Inv)} nodes";

    internal static string Rate(double v) => Fmt.Rate(v);

    internal static string G(double v) => double.IsFinite(v) ? v.ToString("G4", Inv) : "n/a";

    internal static string Pct(double v) => double.IsFinite(v) ? (v * 100).ToString("0.#", Inv) + " %" : "n/a";
}
