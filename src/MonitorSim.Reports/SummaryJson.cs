using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MonitorSim.Load.Results;

namespace MonitorSim.Reports;

/// <summary>Writes and reads summary.json, the machine-readable contract of a run: <c>compare</c>, pipelines
/// (docs/pipelines.md) and the dashboard read it, so its keys are named here explicitly.</summary>
public static class SummaryJson
{
    public const string FileName = "summary.json";

    // Relaxed escaping keeps non-ASCII scenario names and "<" readable; the file is never inlined into HTML.
    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <paramref name="result"/> as indented JSON to <paramref name="path"/>.</summary>
    public static void Write(RunResult result, string path) =>
        File.WriteAllText(path, ToJson(result) + "\n");

    /// <summary>The JSON text written by <see cref="Write"/>.</summary>
    public static string ToJson(RunResult result) => Build(result).ToJsonString(WriteOptions);

    /// <summary>Parses a summary.json; the caller disposes the document.</summary>
    public static JsonDocument Read(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonDocument.Parse(stream);
    }

    /// <summary>The summary as a JSON tree; keys are written explicitly in snake_case so renaming a C# property cannot break the contract.</summary>
    public static JsonObject Build(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var r = result.Run;
        return new JsonObject
        {
            ["scenario"] = r.Scenario,
            ["seed"] = r.Seed,
            ["duration_s"] = Round(r.DurationS),
            ["nodes"] = r.Nodes,
            ["passed"] = result.AllThresholdsPassed,
            // A run stopped by a signal or failed in itself still writes its reports; they cover only what ran.
            ["partial"] = r.End.Partial,
            ["ending"] = new JsonObject { ["kind"] = r.End.Name, ["reason"] = r.End.Reason },
            ["run"] = new JsonObject
            {
                ["scenario_file"] = r.ScenarioFile,
                ["started_at"] = r.StartedAt.ToString("O", CultureInfo.InvariantCulture),
                ["warm_up_s"] = Round(r.WarmUpS),
                ["load_factor"] = Round(r.LoadFactor, 6),
                ["compression"] = Round(r.Compression, 6),
                ["store"] = r.Store,
                ["commit"] = r.Commit,
                ["version"] = r.Build.Version,
                ["build_configuration"] = r.Build.Configuration,
                ["machine"] = r.Machine,
                ["dotnet"] = r.DotNet,
                ["os"] = r.Os,
                ["cores"] = r.Cores,
                ["cpu_isolation"] = CpuIsolationSection.Json(r.CpuIsolation),
            },
            ["topology"] = new JsonObject
            {
                ["platforms"] = result.Topology.Platforms,
                ["points"] = result.Topology.Points,
                ["cameras"] = result.Topology.Cameras,
                ["co_handling_centres"] = result.Topology.CoHandlingCentres,
                ["co_handling_posts"] = result.Topology.CoHandlingPosts,
                ["divisions"] = result.Topology.Divisions,
                ["fingerprint"] = result.Topology.Fingerprint,
                ["build_ms"] = Round(result.Topology.BuildMs),
                ["start_ms"] = Round(result.Topology.StartMs),
            },
            ["workload"] = new JsonArray(result.Workload.Select(w => (JsonNode)new JsonObject
            {
                ["name"] = w.Name,
                ["operation"] = w.Operation,
                ["rate_per_s"] = Round(w.RatePerS),
                ["basis"] = w.Basis,
                ["offered"] = w.Counts.Offered,
                ["completed"] = w.Counts.Completed,
                ["failed"] = w.Counts.Failed,
                ["dropped"] = w.Counts.Dropped,
                ["timed_out"] = w.Counts.TimedOut,
            }).ToArray()),
            ["streams"] = Streams(result.Workload),
            ["operations"] = Counts(result.Operations),
            ["throughput_ops"] = Round(result.ThroughputOps),
            ["latency_ms"] = LatencyMap(result.Latency),
            ["service_time_ms"] = LatencyMap(result.ServiceTime),
            ["generator_lag_ms"] = Latency(result.GeneratorLag),
            ["per_operation"] = Map(result.PerOperation, Counts),
            ["failures"] = Map(result.Failures, n => JsonValue.Create(n)),
            ["bytes"] = Map(result.BytesPerOperation, b => new JsonObject
            {
                ["sent"] = b.Sent,
                ["received"] = b.Received,
                ["sent_per_s"] = Round(b.Sent / Math.Max(1e-9, r.DurationS - r.WarmUpS)),
                ["received_per_s"] = Round(b.Received / Math.Max(1e-9, r.DurationS - r.WarmUpS)),
            }),
            ["thresholds"] = new JsonArray(result.Thresholds.Select(Threshold).ToArray()),
            ["resources"] = new JsonObject
            {
                ["cpu_s"] = Round(result.Resources.CpuS),
                ["peak_working_set_mb"] = Round(result.Resources.PeakWorkingSetMb, 1),
                ["allocated_mb"] = Round(result.Resources.AllocatedMb, 1),
                ["gen0"] = result.Resources.Gen0,
                ["gen1"] = result.Resources.Gen1,
                ["gen2"] = result.Resources.Gen2,
                ["start"] = Phase(result.Resources.Phases?.Start),
                ["warm_up"] = Phase(result.Resources.Phases?.WarmUp),
                ["measured"] = Phase(result.Resources.Phases?.Measured),
                ["drain"] = Phase(result.Resources.Phases?.Drain),
                ["calibration"] = Phase(result.Resources.Phases?.Calibration),
            },
            // Each fault with its recovery time: when every platform it took away answered again (null: not within the limit).
            ["faults"] = new JsonArray(result.Faults.Select(f => (JsonNode)new JsonObject
            {
                ["at_s"] = f.AtS,
                ["action"] = f.Action,
                ["injected"] = f.Injected,
                ["outcome"] = f.Outcome,
                ["recovered_after_s"] = f.RecoveredAfterS,
            }).ToArray()),
            ["journal_reads"] = JournalReadSection.Json(result.JournalReads),
            ["alarm_audit"] = result.AlarmAudit is { } audit
                ? new JsonObject
                {
                    ["acknowledged"] = audit.Acknowledged,
                    ["in_journal"] = audit.InJournal,
                    ["missing"] = audit.Missing,
                    ["note"] = audit.Note,
                }
                : null,
            // Beside it, the supervision workflows' acknowledged operations, per operation (null when none was acknowledged).
            ["supervision_audit"] = result.SupervisionAudit is { } sa
                ? new JsonObject
                {
                    ["acknowledged"] = sa.Acknowledged,
                    ["missing"] = sa.Note is null ? sa.Missing : null,
                    ["note"] = sa.Note,
                    ["operations"] = new JsonObject(sa.Lines.Select(l => KeyValuePair.Create(l.Operation, (JsonNode?)new JsonObject
                    {
                        ["acknowledged"] = l.Acknowledged,
                        ["in_journal"] = l.InJournal,
                        ["missing"] = l.Missing,
                        ["stored_twice"] = l.StoredTwice,
                    }))),
                }
                : null,
            ["node_resources"] = new JsonArray((result.Nodes ?? []).Select(n => (JsonNode)new JsonObject
            {
                ["node"] = n.Number,
                ["address"] = n.Address,
                ["roles"] = new JsonArray(n.Roles.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()),
                ["pid"] = n.ProcessId,
                ["cpu_s"] = n.CpuS is { } c ? Round(c) : null,
                ["peak_working_set_mb"] = n.PeakWorkingSetMb is { } w ? Round(w, 1) : null,
                ["allocated_mb"] = n.AllocatedMb is { } a ? Round(a, 1) : null,
                ["platforms"] = n.Platforms,
                ["points"] = n.Points,
                ["killed"] = n.Killed,
                ["left"] = n.Left,
            }).ToArray()),
            ["final_tree"] = new JsonObject
            {
                ["cameras_online"] = result.FinalTree.CamerasOnline,
                ["cameras_offline"] = result.FinalTree.CamerasOffline,
                ["active_alarms"] = result.FinalTree.ActiveAlarms,
            },
            ["events"] = new JsonArray(result.Events.Select(e => (JsonNode?)JsonValue.Create(e)).ToArray()),
            ["supervision"] = result.Supervision is { } sv ? Supervision(sv) : null,
            ["replay"] = result.Replay is { } rp ? Replay(rp) : null,
        };
    }

    /// <summary>A replay: the log, its lines (read = replayed + rejected + outside the window), the rejects by reason, the
    /// replay lag, the speed and the log's span, and what was replayed per event type and per platform.</summary>
    private static JsonObject Replay(ReplayResult r) => new()
    {
        ["log"] = r.Log,
        ["format"] = r.Format,
        ["compressed"] = r.Compressed,
        ["speed"] = r.Speed is { } s ? Round(s, 6) : null,
        ["max_speed"] = r.Speed is null,
        ["from"] = r.From?.ToString("O", CultureInfo.InvariantCulture),
        ["to"] = r.To?.ToString("O", CultureInfo.InvariantCulture),
        ["tolerance_s"] = Round(r.ToleranceS, 6),
        ["lines_read"] = r.LinesRead,
        ["replayed"] = r.Replayed,
        ["outside_window"] = r.OutsideWindow,
        ["rejected"] = r.RejectedTotal,
        ["rejected_by_reason"] = new JsonObject(r.Rejected.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
        ["rejects_file"] = r.RejectsFile,
        ["ignored_columns"] = new JsonArray((r.IgnoredColumns ?? []).Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
        ["lag_ms"] = Latency(r.Lag),
        ["log_start"] = r.LogStart?.ToString("O", CultureInfo.InvariantCulture),
        ["log_end"] = r.LogEnd?.ToString("O", CultureInfo.InvariantCulture),
        ["log_span_s"] = Round(r.LogSpanS),
        ["events"] = new JsonObject(r.Events.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
        ["platforms"] = new JsonObject(r.Platforms.OrderBy(p => p.Key).Select(p => KeyValuePair.Create(p.Key.ToString(CultureInfo.InvariantCulture), (JsonNode?)JsonValue.Create(p.Value)))),
    };

    /// <summary>The supervision year: how the desk ran it, the year's figures from the journal and from the model, the
    /// seed's figures (derivation, calibration check, held out) against prediction intervals of the replications, and each workflow command's latency.</summary>
    private static JsonObject Supervision(SupervisionResult s) => new()
    {
        ["run_key"] = s.RunKey,
        ["year_start"] = s.YearStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["completed"] = s.Completed,
        ["consistent"] = s.Consistent,
        ["figures_from_journal"] = s.FromJournal,
        ["days_run"] = s.Days,
        ["resumed_at_day"] = s.ResumedAtDay,
        ["wall_s"] = Round(s.WallS),
        ["commands"] = s.Commands,
        ["events_persisted"] = s.Events,
        ["events_per_s"] = Round(s.EventsPerSecond, 1),
        ["already_applied"] = s.AlreadyApplied,
        ["retries"] = s.Retries,
        ["figures"] = Figures(s.Journal),
        ["model_figures"] = Figures(s.Model),
        ["replications"] = s.Replications,
        ["derivation"] = new JsonArray(s.Derivation.Select(d => (JsonNode)new JsonObject
        {
            ["figure"] = d.Figure,
            ["parameter"] = d.Parameter,
            ["derivation"] = d.Derivation,
        }).ToArray()),
        // Each seed figure against the 95 % prediction interval of the replications: "calibration_check" rows were used to
        // derive parameters (inside by construction), "held_out" rows were not (inside is evidence).
        ["seed_comparison"] = new JsonArray(s.Calibration.Select(c => (JsonNode)new JsonObject
        {
            ["figure"] = c.Figure,
            ["role"] = c.HeldOut ? "held_out" : "calibration_check",
            ["seed"] = Round(c.Seed),
            ["years"] = c.Source.Years,
            ["replications_mean"] = Round(c.Mean),
            ["replications_sd"] = Round(c.Sd),
            ["pi95_low"] = Round(c.Low),
            ["pi95_high"] = Round(c.High),
            ["inside"] = c.Inside,
            ["note"] = c.Note.Length > 0 ? c.Note : null,
        }).ToArray()),
        ["command_latency_ms"] = LatencyMap(s.CommandLatency),
        ["problems"] = new JsonArray(s.Problems.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()),
    };

    private static JsonObject Figures(Domain.Supervision.SupervisionFigures f) => new()
    {
        ["clues_received"] = f.CluesReceived,
        ["received_by_channel"] = new JsonObject(f.ReceivedByChannel.OrderBy(c => c.Key)
            .Select(c => KeyValuePair.Create(JsonNamingPolicy.SnakeCaseLower.ConvertName(c.Key.ToString()), (JsonNode?)JsonValue.Create(c.Value)))),
        ["screened_out"] = f.ScreenedOut,
        ["listed"] = f.Listed,
        ["listed_supervision"] = f.ListedSupervision,
        ["supervision_batches"] = f.SupervisionBatches,
        ["key_cases"] = f.KeyCases,
        ["concluded"] = f.Concluded,
        ["held_responsible"] = f.HeldResponsible,
        ["disciplined"] = f.Disciplined,
        ["accountability_handled"] = f.AccountabilityHandled,
        // In the rules' order; an array, since a category is a sentence, not a key.
        ["accountability_by_category"] = new JsonArray(Domain.Supervision.AccountabilityCatalogue.Standard.Categories.Select(c => (JsonNode)new JsonObject
        {
            ["category"] = c,
            ["persons"] = f.AccountabilityByCategory.GetValueOrDefault(c),
        }).ToArray()),
        ["cleared"] = f.Cleared,
        ["exempted"] = f.Exempted,
        ["exposed"] = f.Exposed,
        ["notification_batches"] = f.NotificationBatches,
        ["closed"] = f.Closed,
        ["reopened"] = f.Reopened,
        ["deadlines_missed"] = f.DeadlinesMissed,
        ["backtracking_clues"] = f.BacktrackingClues,
        ["data_analysis_clues"] = f.DataAnalysisClues,
        ["visit_problems"] = f.VisitProblems,
        ["units_warned"] = f.UnitsWarned,
        ["units_red"] = f.UnitsRed,
        ["events"] = f.Events,
    };

    private static JsonNode? Threshold(ThresholdResult t)
    {
        var node = new JsonObject
        {
            ["expr"] = t.Expr,
            ["value"] = t.Value is { } v ? Round(v) : null,
            ["passed"] = t.Passed,
            ["checks"] = t.Checks,
            ["failed_checks"] = t.FailedChecks,
        };
        if (t.FirstFailedAtS is { } first)
        {
            node["first_failed_at_s"] = Round(first);
        }
        if (t.Error is not null)
        {
            node["error"] = t.Error;
        }
        return node;
    }

    /// <summary>Per stream (by name, in plan order): its operation, counts, its own response and service time, and its
    /// failures. Two streams of one operation are merged under <c>per_operation</c> and <c>latency_ms</c>, apart here.</summary>
    private static JsonObject Streams(IReadOnlyList<WorkloadLine> workload)
    {
        var node = new JsonObject();
        foreach (var w in workload)
        {
            var stream = Counts(w.Counts);
            stream.Insert(0, "operation", w.Operation);
            stream["latency_ms"] = Latency(w.Latency ?? LatencyStats.Empty);
            stream["service_time_ms"] = Latency(w.ServiceTime ?? LatencyStats.Empty);
            stream["failures"] = Map(w.Failures ?? new Dictionary<string, long>(), n => JsonValue.Create(n));
            node[w.Name] = stream;
        }
        return node;
    }

    private static JsonObject Counts(OperationCounts c) => new()
    {
        ["offered"] = c.Offered,
        ["completed"] = c.Completed,
        ["failed"] = c.Failed,
        ["dropped"] = c.Dropped,
        ["timed_out"] = c.TimedOut,
    };

    private static JsonObject Latency(LatencyStats s)
    {
        var node = new JsonObject
        {
            ["count"] = s.Count,
            ["mean"] = Round(s.Mean),
            ["p50"] = Round(s.P50),
            ["p90"] = Round(s.P90),
            ["p99"] = Round(s.P99),
            ["p999"] = Round(s.P999),
            ["max"] = Round(s.Max),
            // Values above the histogram's hour, recorded as the hour: a statistic at max then means "at least".
            ["clipped"] = s.Clipped,
        };
        // Percentiles the scenario asked for beyond the standard four, under their own keys (p75, p9999 …).
        if (s.Extra is not null)
            foreach (var (key, value) in s.Extra) node[key] = Round(value);
        return node;
    }

    private static JsonObject LatencyMap(IReadOnlyDictionary<string, LatencyStats> stats) =>
        new(OperationKeys.Ordered(stats.Keys).Select(key => KeyValuePair.Create(key, (JsonNode?)Latency(stats[key]))));

    private static JsonObject Map<T>(IReadOnlyDictionary<string, T> map, Func<T, JsonNode?> value) =>
        new(map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, value(p.Value))));

    // JSON has no NaN or infinity; null says "not measured" without breaking parsers.
    /// <summary>One phase of the run's resources; null where it was not measured.</summary>
    private static JsonObject? Phase(PhaseUsage? p) => p is null
        ? null
        : new JsonObject
        {
            ["wall_s"] = Round(p.Seconds),
            ["cpu_s"] = Round(p.CpuS),
            ["busy_cores"] = Round(p.BusyCores),
            ["allocated_mb"] = Round(p.AllocatedMb, 1),
            ["gen0"] = p.Gen0,
            ["gen1"] = p.Gen1,
            ["gen2"] = p.Gen2,
            ["gc_pause_ms"] = Round(p.GcPauseMs, 1),
            ["gc_pause_share"] = Round(p.GcPauseShare, 4),
            ["journal_rows"] = p.JournalRows,
            ["cpu_s_by_node"] = p.CpuSByNode is { } nodes
                ? new JsonObject(nodes.Select(n => KeyValuePair.Create(n.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), (JsonNode?)Round(n.Value))))
                : null,
        };

    private static JsonValue? Round(double value, int decimals = 3) =>
        double.IsFinite(value) ? JsonValue.Create(Math.Round(value, decimals)) : null;
}
