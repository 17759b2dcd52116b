using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MonitorSim.Sizing.Planning;
using MonitorSim.Sizing.Usl;
using MonitorSim.Sizing.Video;

namespace MonitorSim.Reports.Sizing;

/// <summary>Writes sizing.json: the whole plan for machines (snake_case keys, times in ms, rates per second, decimal units).</summary>
public static class SizingJson
{
    public const string FileName = "sizing.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Top-level keys, one per section of the report: every sizing.json has them all.</summary>
    public static readonly string[] Sections =
        ["headline", "design_load", "partial", "ending", "run", "capacity", "predictions", "node_capacity", "vertical", "steps", "service_demand", "knee", "nodes", "erlang_c", "plan", "network", "video", "notes"];

    public static string Render(SizingRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var a = run.Analysis;
        var p = a.Plan;
        JsonNode? erlang = null;
        if (p.Roles.Count > 0 && p.Roles[0] is var tree && p.TotalOpsPerSecond > 0 && tree.BusyCores > 0)
        {
            var q = new MonitorSim.Sizing.Queueing.ErlangC(tree.Cores, p.TotalOpsPerSecond, tree.BusyCores / p.TotalOpsPerSecond);
            erlang = new JsonObject
            {
                ["servers"] = q.Servers,
                ["arrival_rate_per_s"] = F(q.ArrivalRatePerSecond),
                ["service_time_ms"] = F(q.ServiceTimeSeconds * 1000),
                ["utilisation"] = F(q.Utilisation),
                ["wait_probability"] = F(q.WaitProbability),
                ["mean_wait_ms"] = F(q.MeanWaitSeconds * 1000),
                ["p99_wait_ms"] = F(q.WaitPercentileSeconds(0.99) * 1000),
            };
        }
        var json = new JsonObject
        {
            // The answer first, as in sizing.md: what carries the design load, by how much, and whether the prediction held.
            ["headline"] = Headline(run),
            ["design_load"] = Design(run),
            // As in summary.json: a size run stopped by a signal still writes its plan; it covers only the trials that ran.
            ["partial"] = run.End.Partial,
            ["ending"] = new JsonObject { ["kind"] = run.End.Name, ["reason"] = run.End.Reason },
            ["run"] = new JsonObject
            {
                ["scenario"] = run.Scenario,
                ["scenario_file"] = run.ScenarioFile,
                ["seed"] = run.Seed,
                ["store"] = run.Store,
                ["started_at"] = run.StartedAt.ToString("O"),
                ["wall_s"] = run.WallSeconds,
                ["tree_start_ms"] = run.TreeStartMs,
                ["commit"] = run.Commit,
                ["machine"] = run.Machine,
                ["dotnet"] = run.DotNet,
                ["machine_cores"] = run.MachineCores,
                ["topology"] = new JsonObject { ["platforms"] = run.Platforms, ["points"] = run.Points, ["cameras"] = run.Cameras },
                ["start_load_factor"] = run.Search.StartLoad,
                ["resolution"] = run.Search.Resolution,
                ["boundary_repeats"] = run.Search.BoundaryRepeats,
                ["failures_to_fail"] = run.Search.FailuresToFail,
                ["max_load_factor"] = run.Search.MaxLoad,
                ["max_trials"] = run.Search.MaxTrials,
                ["bracket_factor"] = run.Search.BracketFactor,
                ["warm_up_s"] = run.WarmUpS,
                ["steady_s"] = run.SteadyS,
                ["slo"] = new JsonArray(run.Slo.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
                ["stop_reason"] = run.StopReason,
            },
            ["capacity"] = SizingSearchContent.Json(run),
            ["repeated_searches"] = SizingSearchContent.RepeatedJson(run),
            ["predictions"] = SizingPredictionContent.Json(run),
            ["node_capacity"] = SizingPredictionContent.NodeJson(run),
            ["vertical"] = SizingVerticalContent.Json(run),
            ["steps"] = new JsonArray(SizingContent.ListedSteps(run).Select(l => Step(l.Step, l.Nodes)).ToArray()),
            ["service_demand"] = new JsonArray(new[] { a.ProcessDemand, a.TreeDemand, a.GeneratorDemand }.Where(d => d is not null).Select(d => (JsonNode?)Demand(d!)).ToArray()),
            ["service_demand_problem"] = a.FitProblem,
            ["knee"] = a.KneeStep is { } k
                ? new JsonObject { ["step"] = k, ["load_factor"] = a.Steps.First(s => s.Number == k).LoadFactor, ["throughput_ops"] = F(a.Steps.First(s => s.Number == k).CompletedPerSecond) }
                : null,
            ["nodes"] = run.NodeAxis is { } ax ? Nodes(ax, run.Clusters) : null,
            ["erlang_c"] = erlang,
            ["plan"] = new JsonObject
            {
                ["growth"] = p.Inputs.Growth,
                ["peak_factor"] = p.Inputs.PeakFactor,
                ["unpeaked"] = new JsonArray(p.Inputs.Unpeaked.Order(StringComparer.Ordinal).Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
                ["target_utilization"] = p.Inputs.TargetUtilisation,
                ["cores_per_node"] = p.Inputs.CoresPerNode,
                ["scenario_rates_per_s"] = Map(p.Inputs.BaseRates),
                ["production_rates_per_s"] = Map(p.ProductionRates),
                ["production_ops"] = F(p.TotalOpsPerSecond),
                ["roles"] = new JsonArray(p.Roles.Select(r => (JsonNode?)new JsonObject
                {
                    ["role"] = r.Role, ["demand_us"] = F(r.DemandSeconds * 1e6), ["overhead_cores"] = F(r.OverheadCores), ["ops_per_s"] = F(r.OpsPerSecond),
                    ["busy_cores"] = F(r.BusyCores), ["cores"] = r.Cores, ["nodes"] = r.Nodes, ["utilisation"] = F(r.Utilisation),
                }).ToArray()),
                ["predicted_p99_ms"] = Map(p.PredictedP99Ms),
                ["wait_p99_ms"] = F(p.WaitP99Ms),
                ["journal"] = new JsonObject
                {
                    ["writes_per_s"] = p.JournalWritesPerSecond is { } w ? F(w) : null,
                    ["rows_per_load_factor_s"] = a.JournalRowsPerLoadFactorSecond is { } r ? F(r) : null,
                    ["bytes_per_row"] = run.JournalBytesPerRow is { } b2 ? F(b2) : null,
                    ["storage_gb_per_day"] = p.JournalStorageGbPerDay is { } d ? F(d) : null,
                    ["hours_per_day"] = p.Inputs.JournalHoursPerDay,
                },
            },
            ["network"] = new JsonArray(p.Network.Select(l => (JsonNode?)new JsonObject
            {
                ["link"] = l.Link, ["links"] = l.Links, ["total_mbps"] = F(l.TotalMbps), ["mean_per_link_kbps"] = F(l.MeanPerLinkKbps),
                ["busiest_link_kbps"] = F(l.BusiestLinkKbps), ["operations"] = new JsonArray(l.Operations.Select(o => (JsonNode?)JsonValue.Create(o)).ToArray()),
            }).ToArray()),
            ["video"] = new JsonObject
            {
                ["mean_bitrate_mbps"] = F(run.Video.Spec.MeanBitrateMbps),
                ["retention_days"] = run.Video.Spec.RetentionDays,
                ["total"] = Video(run.Video.Total),
                ["platforms"] = new JsonArray(run.Video.Platforms.Select(v => (JsonNode?)Video(v)).ToArray()),
                ["at_growth"] = new JsonObject { ["growth"] = p.Inputs.Growth, ["total"] = Video(SizingContent.GrownVideo(run).Total) },
            },
            ["notes"] = new JsonArray(run.Notes.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
        };
        return json.ToJsonString(Indented) + "\n";
    }

    /// <summary>The answer (<see cref="SizingAnswer"/>): its lines, then each of its figures.</summary>
    private static JsonObject Headline(SizingRun run)
    {
        var answer = SizingAnswer.Of(run);
        var lines = new JsonArray(SizingContent.Lead(run).Select(l => (JsonNode?)JsonValue.Create(l)).ToArray());
        if (answer is null) return new JsonObject { ["lines"] = lines };
        var c = answer.CapacityCheck;
        return new JsonObject
        {
            ["lines"] = lines,
            ["fits"] = answer.Fits,
            ["nodes"] = answer.Nodes,
            ["cores_per_node"] = F(answer.CoresPerNode),
            ["isolated"] = answer.Isolated,
            ["vertical_quota_cores"] = answer.VerticalQuota,
            ["design_load_ops"] = F(answer.Design.OpsPerSecond),
            ["design_load"] = answer.Design.Chosen.Name,
            ["design_load_from"] = answer.Design.Chosen.Derivation,
            ["growth"] = answer.Design.Growth,
            ["capacity_ops"] = answer.CapacityOpsPerSecond is { } cap ? F(cap) : null,
            ["passed_load_factor"] = answer.PassedLoad,
            ["failed_load_factor"] = answer.FailedLoad,
            ["margin"] = F(answer.Margin),
            ["evidence_trial"] = answer.Evidence?.Number,
            ["evidence_load_factor"] = answer.Evidence?.LoadFactor,
            ["capacity_predicted_load_factor"] = c is null ? null : F(c.Predicted),
            ["capacity_measured_load_factor"] = c is null ? null : F(c.Measured),
            ["capacity_error"] = c is null ? null : F(c.Error),
            ["capacity_prediction_hit"] = c?.Hit,
            ["no_prediction"] = answer.NoPrediction,
        };
    }

    private static JsonObject Design(SizingRun run)
    {
        var d = run.Analysis.Design;
        return new JsonObject
        {
            ["chosen"] = d.Chosen.Name,
            ["ops"] = F(d.OpsPerSecond),
            ["growth"] = d.Growth,
            ["load_factor"] = F(d.OpsPerSecond / run.Analysis.OpsPerLoadFactor),
            ["rates_per_s"] = Map(d.RatesPerS),
            ["candidates"] = new JsonArray(d.Candidates.Select(c => (JsonNode?)new JsonObject
            {
                ["name"] = c.Name, ["ops"] = F(c.OpsPerSecond), ["from"] = c.Derivation, ["rates_per_s"] = Map(c.RatesPerS),
            }).ToArray()),
        };
    }

    /// <summary>A fitted USL; <paramref name="n"/> names what N counts, and X at the peak × <paramref name="peakScale"/> is
    /// written as <paramref name="peakKey"/>.</summary>
    private static JsonObject Usl(UslFit u, string n, string peakKey, double peakScale) => new()
    {
        ["n"] = n,
        ["alpha"] = F(u.Model.Alpha), ["beta"] = F(u.Model.Beta), ["gamma"] = F(u.Model.Gamma),
        ["alpha_se"] = F(u.AlphaStandardError), ["beta_se"] = u.BetaStandardError is { } b ? F(b) : null, ["gamma_se"] = F(u.GammaStandardError),
        ["beta_significant"] = u.BetaSignificant, ["r_squared"] = F(u.RSquared),
        ["peak"] = u.Model.Peak is { } peak ? F(peak) : null, [peakKey] = u.Model.PeakThroughput is { } x ? F(x * peakScale) : null,
        ["points"] = u.Points,
    };

    /// <summary>The node axis: the series, each node count's demand line (or why it was left out), the USL over node counts,
    /// the held-out count, capacity per cluster size and the planned nodes.</summary>
    private static JsonObject Nodes(NodeScaling ax, IReadOnlyList<NodeSeries>? series) => new()
    {
        ["series"] = series is null ? null : new JsonArray(series.Select(s => (JsonNode?)new JsonObject
        {
            ["nodes"] = s.Nodes, ["steps"] = s.Steps.Count, ["stop_reason"] = s.StopReason,
        }).ToArray()),
        ["machine_cores"] = ax.MachineCores,
        ["costs"] = new JsonArray(ax.Costs.Select(c => (JsonNode?)new JsonObject
        {
            ["nodes"] = c.Nodes, ["steps"] = c.Steps, ["from_load_factor"] = c.FromLoadFactor, ["to_load_factor"] = c.ToLoadFactor,
            ["demand_us"] = F(c.DemandSeconds * 1e6), ["overhead_cores"] = F(c.OverheadCores), ["efficiency"] = F(c.Efficiency),
        }).ToArray()),
        ["left_out"] = new JsonArray(ax.LeftOut.Select(l => (JsonNode?)new JsonObject { ["nodes"] = l.Nodes, ["reason"] = l.Reason }).ToArray()),
        ["overhead_cores_per_node"] = F(ax.OverheadPerNode),
        ["usl"] = ax.Usl is { } u
            ? Usl(u, "nodes", "peak_capacity_ops", ax.UsableCoresPerNode)
            : new JsonObject { ["error"] = ax.UslProblem },
        ["validation"] = ax.HeldOut is { } h
            ? new JsonObject
            {
                ["held_out_nodes"] = h.Nodes, ["demand_measured_us"] = F(h.MeasuredDemandSeconds * 1e6),
                ["demand_predicted_us"] = F(h.PredictedDemandSeconds * 1e6), ["demand_error"] = F(h.Error),
            }
            : new JsonObject { ["error"] = ax.HeldOutProblem },
        ["production_ops"] = F(ax.ProductionOpsPerSecond),
        ["cores_per_node"] = ax.CoresPerNode,
        ["target_utilization"] = ax.TargetUtilisation,
        ["capacity"] = new JsonArray(ax.Capacity.Select(c => (JsonNode?)new JsonObject
        {
            ["nodes"] = c.Nodes, ["demand_us"] = F(c.DemandSeconds * 1e6), ["overhead_cores"] = F(c.OverheadCores), ["ops_per_s"] = F(c.OpsPerSecond),
            ["source"] = SizingNodeContent.Source(ax, c),
        }).ToArray()),
        ["planned_nodes"] = ax.PlannedNodes,
        ["plan_note"] = ax.PlanNote,
    };

    /// <summary>One step; <paramref name="seriesNodes"/> is its series' node count when the run measured several.</summary>
    private static JsonObject Step(StepMeasurement s, int? seriesNodes) => new JsonObject
    {
        ["step"] = s.Number,
        ["nodes"] = seriesNodes ?? s.Nodes,
        ["load_factor"] = s.LoadFactor,
        ["steady_s"] = F(s.SteadySeconds),
        ["offered_ops"] = F(s.OfferedPerSecond),
        ["completed_ops"] = F(s.CompletedPerSecond),
        ["failed"] = s.Failed,
        ["dropped"] = s.Dropped,
        ["cpu_s"] = F(s.CpuSeconds),
        ["cpu_s_by_role"] = new JsonObject { ["tree"] = F(s.TreeCpuSeconds), ["load_generator"] = s.GeneratorCpuSeconds is { } g ? F(g) : null },
        ["cpu_s_by_node"] = s.NodeCpu is { } byNode
            ? new JsonObject(byNode.OrderBy(c => c.Node).Select(c => KeyValuePair.Create(c.Node.ToString(CultureInfo.InvariantCulture), (JsonNode?)F(c.CpuSeconds))))
            : null,
        ["busy_cores"] = F(s.BusyCores),
        ["gc"] = new JsonObject { ["gen0"] = s.Gen0, ["gen1"] = s.Gen1, ["gen2"] = s.Gen2, ["allocated_mb"] = F(s.AllocatedMb), ["pause_s"] = s.GcPauseSeconds is { } gp ? F(gp) : null },
        ["working_set_mb"] = F(s.WorkingSetMb),
        ["journal_rows"] = s.JournalRows,
        ["journal_writes_per_s"] = s.JournalWritesPerSecond is { } j ? F(j) : null,
        ["generator_lag_p99_ms"] = F(s.GeneratorLagP99Ms),
        ["journal_writer_by_node"] = s.JournalWriter is { } writers
            ? new JsonObject(writers.Select(w => KeyValuePair.Create(w.Node.ToString(CultureInfo.InvariantCulture), (JsonNode?)new JsonObject
            {
                ["hold_s"] = F(w.HoldSeconds), ["lock_wait_s"] = F(w.LockWaitSeconds), ["busy_share"] = F(w.BusyShare), ["lock_wait_share"] = F(w.LockWaitShare),
            })))
            : null,
        ["quiet_before"] = s.QuietBefore is { } q
            ? new JsonObject { ["waited_s"] = F(q.WaitedSeconds), ["quiet"] = q.Quiet, ["busiest_node_cores"] = F(q.BusiestCores) }
            : null,
        ["slo_held"] = s.SloHeld,
        ["broke_on_loss_alone"] = s.BrokeOnLossAlone,
        ["slo"] = new JsonArray(s.Slo.Select(v => (JsonNode?)new JsonObject
        {
            ["expr"] = v.Expr, ["value"] = v.Value, ["passed"] = v.Passed, ["latency_limit_ms"] = v.LatencyLimitMs,
        }).ToArray()),
        ["operations"] = new JsonObject(s.Operations.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => KeyValuePair.Create(o.Key, (JsonNode?)new JsonObject
        {
            ["offered_ops"] = F(o.Value.OfferedPerSecond), ["completed_ops"] = F(o.Value.CompletedPerSecond), ["failed_ops"] = F(o.Value.FailedPerSecond),
            ["mean"] = F(o.Value.MeanMs), ["p50"] = F(o.Value.P50Ms), ["p90"] = F(o.Value.P90Ms), ["p99"] = F(o.Value.P99Ms), ["p999"] = F(o.Value.P999Ms),
            ["bytes_per_op"] = F(o.Value.BytesPerOperation),
        }))),
    };

    private static JsonObject Demand(ServiceDemand d) => new JsonObject
    {
        ["role"] = d.Role, ["demand_us"] = F(d.DemandSeconds * 1e6), ["overhead_cores"] = F(d.OverheadCores), ["steps"] = d.Steps,
    };

    private static JsonObject Video(VideoFigures v) => new JsonObject
    {
        ["name"] = v.Name, ["cameras"] = v.Cameras, ["ingest_mbps"] = F(v.IngestMbps), ["peak_ingest_mbps"] = F(v.PeakIngestMbps),
        ["storage_tb"] = F(v.StorageTb), ["disks"] = v.Disks, ["live_views"] = F(v.LiveViews), ["uplink_mbps"] = F(v.UplinkMbps),
    };

    private static JsonObject Map(IReadOnlyDictionary<string, double> values) =>
        new(values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => KeyValuePair.Create(v.Key, (JsonNode?)F(v.Value))));

    /// <summary>JSON has no NaN or infinity: those are null.</summary>
    // Six significant digits, not six decimals: a fitted β of 9E-09 (whose peak is finite) must not print as 0.
    private static JsonValue? F(double v) =>
        double.IsFinite(v) ? JsonValue.Create(double.Parse(v.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)) : null;
}
