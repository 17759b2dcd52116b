using MonitorSim.Domain.Supervision;
using MonitorSim.Load.Results;

namespace MonitorSim.Reports;

/// <summary>The facts both human-readable reports show, built once so report.md and report.html cannot drift apart.</summary>
internal static class ReportContent
{
    public static string Verdict(RunResult result) => result.AllThresholdsPassed ? "PASS" : "FAIL";

    /// <summary>What the header line adds to the verdict: a partial run (stopped, failed) and a Debug build say so first.</summary>
    public static string Caveats(RunResult result)
    {
        var end = result.Run.End;
        var caveats = new List<string>();
        if (end.Kind == RunEnding.Stopped) caveats.Add("PARTIAL: stopped before its end");
        if (end.Kind == RunEnding.Failed) caveats.Add("PARTIAL: the run itself failed");
        if (result.Run.Build.IsDebug) caveats.Add("Debug build");
        return string.Join(" · ", caveats);
    }

    public static string Title(RunResult result) => $"MonitorSim run: {result.Run.Scenario}";

    public static IReadOnlyList<ReportSection> Build(RunResult result) =>
    [
        RunFacts(result),
        Topology(result.Topology),
        Workload(result),
        Operations(result),
        Latency("Response time (ms)", result.Latency,
            "From the intended start of each operation: includes queueing and the coordinated-omission correction.",
            [new ChartBlock(ChartKind.LatencyP99, "p50 and p99 response time per operation over time (log scale), with the thresholds on them"),
             new ChartBlock(ChartKind.LatencyDistribution, "Response-time percentiles per operation and hop (log scale)")]),
        Latency("Service time (ms)", result.ServiceTime,
            "From the actual start of each operation: what the system itself took.", []),
        Streams(result.Workload, result.Timeline),
        GeneratorLag(result.GeneratorLag),
        Failures(result),
        .. result.Supervision is { } supervision ? [SupervisionSection.Of(supervision)] : Array.Empty<ReportSection>(),
        .. result.Replay is { } replay ? [Replay(replay)] : Array.Empty<ReportSection>(),
        Thresholds(result),
        Resources(result.Resources, result.Nodes ?? []),
        FinalTree(result.FinalTree),
        .. result.Faults.Count > 0 ? [Faults(result.Faults)] : Array.Empty<ReportSection>(),
        .. AuditSection.Of(result) is { } audit ? [audit] : Array.Empty<ReportSection>(),
        .. JournalReadSection.Of(result.JournalReads) is { } reads ? [reads] : Array.Empty<ReportSection>(),
        Events(result.Events),
        HowToRead(result),
    ];

    private static ReportSection RunFacts(RunResult result)
    {
        var r = result.Run;
        (string, Cell)[] isolation = CpuIsolationSection.Row(r) is { } capped ? [("CPU isolation", capped)] : [];
        return new ReportSection("Run", [KeyValue(
        [
            ("Scenario", Cell.Id(r.Scenario)),
            ("Scenario file", Cell.Id(r.ScenarioFile)),
            ("Verdict", Verdict(result)),
            ("Ended", r.End.Reason is { } why ? $"{r.End.Name}: {why}" : r.End.Name),
            ("Seed", Cell.Num(r.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            ("Started", r.StartedAt.ToString("yyyy-MM-dd HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture)),
            ("Duration", Cell.Num(Fmt.Seconds(r.DurationS))),
            ("Warm-up (excluded)", Cell.Num(Fmt.Seconds(r.WarmUpS))),
            ("Load factor", Cell.Num(Fmt.Human(r.LoadFactor))),
            ("Clock compression", Cell.Num(Fmt.Human(r.Compression) + "×")),
            ("Nodes", Cell.Num(Fmt.Human(r.Nodes))),
            .. isolation,
            ("Store", Cell.Id(r.Store)),
            ("Build", $"MonitorSim {r.Build.Version}, {r.Build.Configuration}{(r.Build.IsDebug ? " (figures from a Debug build say little about production: build with -c Release)" : "")}"),
            ("Commit", Cell.Id(r.Commit)),
            ("Machine", r.Machine),
            ("OS", r.Os),
            (".NET", r.DotNet),
            ("Cores", Cell.Num(Fmt.Human(r.Cores))),
        ])]);
    }

    private static ReportSection Topology(TopologySummary t) =>
        new("Topology", [KeyValue(
            ("Platforms", Cell.Num(Fmt.Human(t.Platforms))),
            ("Points", Cell.Num(Fmt.Human(t.Points))),
            ("Cameras", Cell.Num(Fmt.Human(t.Cameras))),
            ("Co-handling centres", Cell.Num(Fmt.Human(t.CoHandlingCentres))),
            ("Co-handling posts", Cell.Num(Fmt.Human(t.CoHandlingPosts))),
            ("Divisions", Cell.Num(Fmt.Human(t.Divisions))),
            ("Fingerprint", Cell.Id(t.Fingerprint)),
            ("Build", Cell.Num(Fmt.Human(t.BuildMs) + " ms")),
            ("Start", Cell.Num(Fmt.Human(t.StartMs) + " ms")))]);

    private static ReportSection Workload(RunResult result)
    {
        var rows = result.Workload.Select(w => (IReadOnlyList<Cell>)
        [
            Cell.Id(w.Name), Cell.Id(w.Operation), Cell.Num(Fmt.Human(w.RatePerS)), w.Basis,
            Cell.Num(Fmt.Human(w.Counts.Offered)), Cell.Num(Fmt.Human(w.Counts.Completed)),
            Cell.Num(Fmt.Human(w.Counts.Failed)), Cell.Num(Fmt.Human(w.Counts.Dropped)),
        ]).ToList();
        return new ReportSection("Workload",
            rows.Count == 0
                ? [new ParagraphBlock("No workload streams.")]
                : [new TableBlock(["Stream", "Operation", "Rate/s", "Basis", "Offered", "Completed", "Failed", "Dropped"], rows)]);
    }

    private static ReportSection Operations(RunResult result)
    {
        var o = result.Operations;
        var blocks = new List<ReportBlock>
        {
            KeyValue(
                ("Offered", Cell.Num(Fmt.Human(o.Offered))),
                ("Completed", Cell.Num(Fmt.Human(o.Completed) + Parenthesised(Fmt.Share(o.Completed, o.Offered)))),
                ("Failed", Cell.Num(Fmt.Human(o.Failed) + Parenthesised(Fmt.Share(o.Failed, o.Offered)))),
                ("of which timed out", Cell.Num(Fmt.Human(o.TimedOut))),
                ("Dropped", Cell.Num(Fmt.Human(o.Dropped) + Parenthesised(Fmt.Share(o.Dropped, o.Offered)))),
                ("Throughput", Cell.Num(Fmt.Human(result.ThroughputOps) + " ops/s"))),
        };
        if (result.PerOperation.Count > 0)
        {
            var bytes = result.BytesPerOperation;
            var seconds = Math.Max(1e-9, result.Run.DurationS - result.Run.WarmUpS);
            // Wire bytes are what the GB/T 28181 messages of the answered exchanges would weigh (WireSizes).
            string Wire(string op, Func<ByteCounts, long> pick) =>
                bytes.TryGetValue(op, out var b) ? Fmt.Human((long)Math.Round(pick(b) / seconds)) + " B/s" : "–";
            blocks.Add(new TableBlock(["Operation", "Offered", "Completed", "Failed", "Timed out", "Dropped", "Sent", "Received"],
                result.PerOperation.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (IReadOnlyList<Cell>)
                [
                    Cell.Id(p.Key), Cell.Num(Fmt.Human(p.Value.Offered)), Cell.Num(Fmt.Human(p.Value.Completed)),
                    Cell.Num(Fmt.Human(p.Value.Failed)), Cell.Num(Fmt.Human(p.Value.TimedOut)), Cell.Num(Fmt.Human(p.Value.Dropped)),
                    Cell.Num(Wire(p.Key, b => b.Sent)), Cell.Num(Wire(p.Key, b => b.Received)),
                ]).ToList()));
        }
        blocks.Add(new ChartBlock(ChartKind.Throughput, "Completed operations per second, per operation"));
        return new ReportSection("Operations and throughput", blocks);
    }

    private static ReportSection Latency(string title, IReadOnlyDictionary<string, LatencyStats> stats, string note,
        IReadOnlyList<ReportBlock> charts)
    {
        var blocks = new List<ReportBlock> { new ParagraphBlock(note) };
        if (stats.Count == 0)
        {
            blocks.Add(new ParagraphBlock("No samples."));
        }
        else
        {
            var extra = ExtraPercentiles(stats.Values);
            blocks.Add(new TableBlock(LatencyHeaders("Key", extra), OperationKeys.Ordered(stats.Keys)
                .Select(k => LatencyRow(new Cell(k, Code: true, Hop: OperationKeys.IsHop(k)), stats[k], extra)).ToList()));
            var clipped = stats.Where(p => p.Value.Clipped > 0).Select(p => $"{p.Key} {Fmt.Human(p.Value.Clipped)}").ToList();
            if (clipped.Count > 0)
                blocks.Add(new ParagraphBlock($"Values above an hour were recorded as an hour (clipped: {string.Join(", ", clipped)}): " +
                                              "a statistic at the maximum means at least that."));
        }
        blocks.AddRange(charts);
        return new ReportSection(title, blocks);
    }

    /// <summary>Each stream on its own: two streams of one operation (a morning-peak alarm stream beside the ordinary one)
    /// are merged in the tables above and apart here.</summary>
    private static ReportSection Streams(IReadOnlyList<WorkloadLine> workload, IReadOnlyList<TimelineRow> timeline)
    {
        var measured = workload.Where(w => w.Counts.Offered + w.Counts.Completed + w.Counts.Failed > 0).ToList();
        if (measured.Count == 0) return new ReportSection("Per stream", [new ParagraphBlock("No stream offered anything after the warm-up.")]);
        static Cell Ms(LatencyStats? s, Func<LatencyStats, double> pick) => Cell.Num(s is { Count: > 0 } x ? Fmt.Human(pick(x)) : "–");
        return new ReportSection("Per stream",
        [
            new ParagraphBlock("Each stream's own operations (after warm-up); response and service time in ms, as above."),
            new TableBlock(["Stream", "Operation", "Offered", "Completed", "Failed", "Timed out", "p50", "p99", "Max", "Service p99"],
                measured.Select(w => (IReadOnlyList<Cell>)
                [
                    Cell.Id(w.Name), Cell.Id(w.Operation), Cell.Num(Fmt.Human(w.Counts.Offered)), Cell.Num(Fmt.Human(w.Counts.Completed)),
                    Cell.Num(Fmt.Human(w.Counts.Failed)), Cell.Num(Fmt.Human(w.Counts.TimedOut)),
                    Ms(w.Latency, x => x.P50), Ms(w.Latency, x => x.P99), Ms(w.Latency, x => x.Max), Ms(w.ServiceTime, x => x.P99),
                ]).ToList()),
            .. timeline.Any(r => r.PerStream.Count > 0)
                ? [new ChartBlock(ChartKind.LatencyP99, "p50 and p99 response time per stream over time (log scale), with the thresholds on them", "streams")]
                : Array.Empty<ReportBlock>(),
        ]);
    }

    private static ReportSection GeneratorLag(LatencyStats lag) =>
        new("Generator lag (ms)",
        [
            new ParagraphBlock("How late the load generator started operations against their schedule; high values mean the harness itself was the bottleneck."),
            new TableBlock(LatencyHeaders("", ExtraPercentiles([lag])), [LatencyRow("generator", lag, ExtraPercentiles([lag]))]),
            new ChartBlock(ChartKind.GeneratorLag, "Generator lag p99 and operations in flight per interval"),
        ]);

    private static ReportSection Failures(RunResult result) =>
        new("Failures by reason", result.Failures.Count == 0
            ? [new ParagraphBlock("None.")]
            :
            [
                new TableBlock(["Reason", "Count"], result.Failures
                    .OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal)
                    .Select(f => (IReadOnlyList<Cell>)[Cell.Id(f.Key), Cell.Num(Fmt.Human(f.Value))]).ToList()),
            ]);

    /// <summary>A replayed log: what was read, replayed and rejected (each rejected line is in rejects.csv with its number
    /// and reason), how far behind the log's schedule events went in, and what was replayed per event type and platform.</summary>
    private static ReportSection Replay(ReplayResult r)
    {
        var blocks = new List<ReportBlock>
        {
            KeyValue(
                ("Log", Cell.Id(r.Log)),
                ("Format", $"{r.Format}{(r.Compressed ? ", gzip" : "")}"),
                ("Speed", r.Speed is { } speed ? $"{Fmt.Human(speed)}× the log's time" : "as fast as the tree takes them"),
                ("Log span", Cell.Num(Fmt.Seconds(r.LogSpanS))),
                ("Lines read", Cell.Num(Fmt.Human(r.LinesRead))),
                ("Replayed", Cell.Num(Fmt.Human(r.Replayed))),
                ("Outside --from / --to", Cell.Num(Fmt.Human(r.OutsideWindow))),
                ("Rejected", Cell.Num(Fmt.Human(r.RejectedTotal) + (r.RejectedTotal > 0 ? $" (in {r.RejectsFile})" : ""))),
                ("Ignored columns", r.IgnoredColumns is { Count: > 0 } ignored ? string.Join(", ", ignored) : "none")),
            new TableBlock(["Replay lag (ms)", "count", "p50", "p90", "p99", "p99.9", "max"],
            [
                ["behind the log's schedule", Cell.Num(Fmt.Human(r.Lag.Count)), Cell.Num(Fmt.Human(r.Lag.P50)), Cell.Num(Fmt.Human(r.Lag.P90)),
                 Cell.Num(Fmt.Human(r.Lag.P99)), Cell.Num(Fmt.Human(r.Lag.P999)), Cell.Num(Fmt.Human(r.Lag.Max))],
            ]),
        };
        if (r.Rejected.Count > 0)
            blocks.Add(new TableBlock(["Rejected, by reason", "Lines"],
                r.Rejected.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => (IReadOnlyList<Cell>)[Cell.Id(x.Key), Cell.Num(Fmt.Human(x.Value))]).ToList()));
        blocks.Add(new TableBlock(["Replayed, by event type", "Events"],
            r.Events.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => (IReadOnlyList<Cell>)[Cell.Id(x.Key), Cell.Num(Fmt.Human(x.Value))]).ToList()));
        return new ReportSection("Replay", blocks);
    }

    private static ReportSection Thresholds(RunResult result) =>
        new("Thresholds", result.Thresholds.Count == 0
            ? [new ParagraphBlock("No thresholds were set, so the run passes by default.")]
            :
            [
                new ParagraphBlock("Each threshold is checked on the figures so far at every reporting interval after the warm-up, " +
                                   "and on the final figures, which decide (an abort threshold fails at its first failed check). " +
                                   "Value is the final figure; failed checks count the interval checks too."),
                new TableBlock(["", "Threshold", "Value", "Failed checks", "Result"], result.Thresholds.Select(t => (IReadOnlyList<Cell>)
                [
                    t.Passed ? "✅" : "❌",
                    Cell.Id(t.Expr),
                    Cell.Num(t.Value is { } v ? Fmt.Human(v) : "n/a"),
                    Cell.Num($"{t.FailedChecks} of {t.Checks}"),
                    (t.Passed ? "passed" : "FAILED") + (t.Error is { Length: > 0 } e ? $" ({e})" : ""),
                ]).ToList()),
            ]);

    private static ReportSection Resources(ResourceUsage r, IReadOnlyList<NodeUsage> nodes)
    {
        var blocks = new List<ReportBlock>
        {
            KeyValue(
                ("CPU time (measured window)", Cell.Num(Fmt.Seconds(r.CpuS))),
                ("Peak working set", Cell.Num(Fmt.Human(Math.Round(r.PeakWorkingSetMb, 1)) + " MB")),
                ("Allocated", Cell.Num(Fmt.Human(Math.Round(r.AllocatedMb, 1)) + " MB")),
                ("GC gen0 / gen1 / gen2", Cell.Num($"{Fmt.Human(r.Gen0)} / {Fmt.Human(r.Gen1)} / {Fmt.Human(r.Gen2)}"))),
        };
        if (r.Phases is { } phases)
        {
            blocks.Add(new ParagraphBlock("Every phase of the run apart: the figures above are the measured window's, what every statistic covers."));
            var rows = new List<(string Phase, PhaseUsage Usage)>
            {
                ("start (tree start, recovery)", phases.Start), ("warm-up", phases.WarmUp), ("measured window", phases.Measured),
                ("drain (answers in flight, audit)", phases.Drain),
            };
            if (phases.Calibration is { } calibration) rows.Add(("calibration (the year's replications)", calibration));
            blocks.Add(new TableBlock(["Phase", "Wall", "CPU", "Busy cores", "Allocated", "GC gen0 / gen1 / gen2", "GC pauses"],
                rows.Select(p => (IReadOnlyList<Cell>)
                [
                    p.Phase, Cell.Num(Fmt.Seconds(p.Usage.Seconds)), Cell.Num(Fmt.Seconds(p.Usage.CpuS)),
                    Cell.Num(p.Usage.BusyCores.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)),
                    Cell.Num(Fmt.Human(Math.Round(p.Usage.AllocatedMb, 1)) + " MB"),
                    Cell.Num($"{Fmt.Human(p.Usage.Gen0)} / {Fmt.Human(p.Usage.Gen1)} / {Fmt.Human(p.Usage.Gen2)}"),
                    Cell.Num(Fmt.Seconds(p.Usage.GcPauseMs / 1000) + " (" + (100 * p.Usage.GcPauseShare).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " %)"),
                ]).ToList()));
        }
        if (nodes.Count > 0)
        {
            static string Or(double? v, string unit) => v is { } x ? Fmt.Human(Math.Round(x, 1)) + unit : "–";
            blocks.Add(new ParagraphBlock("Per node (node 1 coordinates and drives the load; the figures above are its own):"));
            blocks.Add(new TableBlock(["Node", "Address", "Roles", "CPU", "Peak working set", "Platforms", "Points", ""],
                nodes.Select(n => (IReadOnlyList<Cell>)
                [
                    Cell.Num(n.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)), Cell.Id(n.Address), string.Join(", ", n.Roles),
                    Cell.Num(Or(n.CpuS, " s")), Cell.Num(Or(n.PeakWorkingSetMb, " MB")),
                    Cell.Num(n.Platforms?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "–"),
                    Cell.Num(n.Points?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "–"),
                    n.Killed ? "killed during the run" : n.Left ? "left the cluster during the run" : "",
                ]).ToList()));
        }
        return new ReportSection("Resources", blocks);
    }

    private static ReportSection FinalTree(TreeStatus t) =>
        new("Final tree status",
        [
            KeyValue(
                ("Cameras online", Cell.Num(Fmt.Human(t.CamerasOnline))),
                ("Cameras offline", Cell.Num(Fmt.Human(t.CamerasOffline))),
                ("Active alarms", Cell.Num(Fmt.Human(t.ActiveAlarms)))),
            new ChartBlock(ChartKind.Tree, "Cameras online/offline and active alarms over time"),
        ]);

    /// <summary>Each fault injected and how long until the platform answered again (target: 30 s).</summary>
    private static ReportSection Faults(IReadOnlyList<FaultRecord> faults) =>
        new("Faults and recovery",
        [
            new ParagraphBlock("Recovered: seconds from the fault until every platform it took away answered a status request " +
                               "again (a store outage: until the store took writes again); — when it did not within the limit or " +
                               "nothing was watched. Target: 30 s."),
            new TableBlock(["t (s)", "Fault", "Injected", "Recovered (s)", "How it ended"], faults.Select(f => (IReadOnlyList<Cell>)
            [
                Cell.Num(Fmt.Human(f.AtS)), Cell.Id(f.Action), f.Injected,
                Cell.Num(f.RecoveredAfterS is { } r ? Fmt.Human(r) : "—"), f.Outcome,
            ]).ToList()),
        ]);

    private static ReportSection Events(IReadOnlyList<string> events) =>
        new("Events", events.Count == 0 ? [new ParagraphBlock("None.")] : [new ListBlock(events)]);

    private static ReportSection HowToRead(RunResult result) =>
        new("How to read this",
        [
            new ListBlock(
            [
                "Response time is measured from the intended start of each operation, so it includes time spent queueing and corrects for coordinated omission: a stalled system cannot hide its backlog.",
                "Service time is measured from the actual start; the gap between the two is queueing (or a lagging generator, see Generator lag).",
                $"The first {Fmt.Seconds(result.Run.WarmUpS)} are warm-up and are excluded from every statistic; the charts shade that region.",
                "Keys with a dot (e.g. alarm.point_to_platform) are hops within an operation, listed under it.",
                "Failed includes timed out: an operation unanswered within its stream's timeout, or still unanswered when the run ended, counts as failed and is recorded in response and service time at the moment it was given up, so percentiles cannot leave it out. Dropped operations never started because the in-flight cap was reached.",
                "In report.html, hover over a chart to read its values, drag across it to zoom (the timeline charts follow) and double-click to zoom out; dashed vertical lines mark timed events (faults, recoveries) and horizontal ones the thresholds.",
            ]),
        ]);

    /// <summary>Percentile keys beyond the standard four that any of these summaries carries, in their order.</summary>
    private static List<string> ExtraPercentiles(IEnumerable<LatencyStats> stats) =>
        stats.Where(s => s.Extra is not null).SelectMany(s => s.Extra!.Keys).Distinct().ToList();

    private static string[] LatencyHeaders(string first, IReadOnlyList<string> extra) =>
        [first, "Count", "Mean", "p50", "p90", "p99", "p99.9", .. extra, "Max"];

    private static IReadOnlyList<Cell> LatencyRow(Cell key, LatencyStats s, IReadOnlyList<string> extra) =>
    [
        key, Cell.Num(Fmt.Human(s.Count)), Cell.Num(Fmt.Human(s.Mean)), Cell.Num(Fmt.Human(s.P50)), Cell.Num(Fmt.Human(s.P90)),
        Cell.Num(Fmt.Human(s.P99)), Cell.Num(Fmt.Human(s.P999)),
        .. extra.Select(k => s.Percentile(k) is { } v ? Cell.Num(Fmt.Human(v)) : Cell.Num("—")),
        Cell.Num(Fmt.Human(s.Max)),
    ];

    internal static TableBlock KeyValue(params (string Key, Cell Value)[] rows) =>
        new(["", ""], rows.Select(r => (IReadOnlyList<Cell>)[r.Key, r.Value]).ToList());

    private static string Parenthesised(string share) => share.Length == 0 ? "" : $" ({share})";
}
