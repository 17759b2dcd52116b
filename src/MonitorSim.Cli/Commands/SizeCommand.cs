using MonitorSim.Cli.Output;
using System.CommandLine;
using System.Globalization;
using MonitorSim.Cli.Options;
using MonitorSim.Cli.Progress;
using MonitorSim.Harness;
using MonitorSim.Harness.Capacity;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Domain.Storage;
using MonitorSim.Domain.Time;
using MonitorSim.Load.Scenarios;
using MonitorSim.Load.Thresholds;
using MonitorSim.Reports;
using MonitorSim.Reports.Sizing;
using MonitorSim.Sizing.Planning;
using Spectre.Console;

namespace MonitorSim.Cli.Commands;

/// <summary><c>monitorsim size [SCENARIO] [--slo EXPR]… [--target-utilization U] [--growth G] [--peak-factor P]
/// [--cores-per-node C] [--nodes N,N…] [--start F] [--ratio R] [--max-steps N] [--warm-up W] [--settle S] [--steady S] [--out DIR] [--seed N]
/// [--store S]</c>: step the load up to the knee (on each cluster size asked for), fit the capacity models, and write the
/// production plan.</summary>
public static class SizeCommand
{
    /// <summary>Defaults chosen so that the baseline (knee above load factor 1,000 on one 2-core node) takes ~12 steps of
    /// ~30 s, under the 10-minute budget: 8 s covers the boot of 17,932 cameras (4 s) and the settling after it, 20 s of
    /// steady load gives each step a few hundred alarms' p99 at the knee.</summary>
    public static readonly TimeSpan DefaultWarmUp = TimeSpan.FromSeconds(8);

    public static readonly TimeSpan DefaultSteady = TimeSpan.FromSeconds(20);

    /// <summary>Unmeasured load on every fresh cluster before its first step: long enough for the JIT's second tier to
    /// catch up with a new node's hot code (a worker node's compilation thread was still busy 30 s after its start at
    /// load factor 1, and the first step's figures read it as the cluster's overhead).</summary>
    public static readonly TimeSpan DefaultSettle = TimeSpan.FromSeconds(20);

    public const double DefaultRatio = 2;
    public const int DefaultMaxSteps = 12;
    public const double DefaultTargetUtilisation = 0.6;
    public const double DefaultGrowth = 1;

    /// <summary>xuzhou-peak.yaml's assumption: the opening hour carries three times the day's average alarms and
    /// transactions.</summary>
    public const double DefaultPeakFactor = 3;

    public const int DefaultCoresPerNode = 16;

    public static Command Create(IAnsiConsole console)
    {
        var scenario = new Argument<string?>("scenario") { Arity = ArgumentArity.ZeroOrOne, Description = $"Scenario file (default {RunCommand.DefaultScenario})" };
        var slo = new Option<string[]>("--slo") { Description = "Service-level objective a step must hold, e.g. 'alarm.p99<250ms' (repeatable; default: the scenario's thresholds)", AllowMultipleArgumentsPerToken = false };
        var target = new Option<double?>("--target-utilization") { Description = $"Busy share of the planned cores, 0–1 (default {DefaultTargetUtilisation})" };
        var growth = new Option<double?>("--growth") { Description = $"Growth multiple of the city's load over the plan's horizon (default {DefaultGrowth})" };
        var peak = new Option<double?>("--peak-factor") { Description = $"Busiest hour over the scenario's rates, for event-driven operations (default {DefaultPeakFactor}, xuzhou-peak.yaml's opening hour)" };
        var coresPerNode = new Option<int?>("--cores-per-node") { Description = $"Cores of one production node (default {DefaultCoresPerNode})" };
        var nodes = TypedOptions.NodeCounts("--nodes", $"Cluster sizes to step the load on, e.g. 1,2,3,4: each runs the whole series on this process plus N−1 local node processes, and the node count becomes the plan's second axis (default 1; at most {RunCommand.MaxLocalNodes})", RunCommand.MaxLocalNodes);
        var start = new Option<double?>("--start") { Description = "Load factor of the first step (default: the scenario's load_factor)" };
        var ratio = new Option<double?>("--ratio") { Description = $"Each step's load factor over the previous one's (default {DefaultRatio})" };
        var maxSteps = new Option<int?>("--max-steps") { Description = $"Most steps (default {DefaultMaxSteps}; at least {LoadSteps.MinSteps})" };
        var warmUp = TypedOptions.Duration("--warm-up", $"Warm-up of every step, excluded from its figures (default {Durations.Format(DefaultWarmUp)})", allowZero: true);
        var settle = TypedOptions.Duration("--settle", $"Unmeasured load at the first step's factor on every freshly started cluster before its first step, 0s for none (default {Durations.Format(DefaultSettle)})", allowZero: true);
        var steady = TypedOptions.Duration("--steady", $"Steady window of every step (default {Durations.Format(DefaultSteady)})", allowZero: false);
        var output = new Option<string?>("--out") { Description = "Report folder (default reports/size-<timestamp>)" };
        var seed = new Option<int?>("--seed") { Description = "Seed for the topology and the workload" };
        var store = TypedOptions.Store($"sqlite, sqlite:PATH, postgres://… or memory (default sqlite:OUT/{SizeJob.StoreFileName}, a store of this run's own)");
        var junit = Output.RunEndingLines.JUnitOption();
        var command = new Command("size", "Step the load up to the knee, fit the capacity models (USL, Erlang C, service demand) and write the hardware plan")
        {
            scenario, slo, target, growth, peak, coresPerNode, nodes, start, ratio, maxSteps, warmUp, settle, steady, output, seed, store.Address, store.File, junit,
        };
        var dashboard = DashboardCliOptions.Create();
        foreach (var option in dashboard.All) command.Options.Add(option);
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(scenario) ?? RunCommand.DefaultScenario;
            if (!ScenarioFile.TryLoad(console, path, out var definition)) return ExitCodes.BadInput;

            var errors = new List<string>();
            if (parse.GetValue(seed) is { } s) definition = definition with { Seed = s };
            var outDir = parse.GetValue(output) ?? NewReportFolder();
            definition = definition with { Store = store.Read(parse, errors) ?? StoreAddress.Sqlite(Path.Combine(outDir, SizeJob.StoreFileName)) };

            var slos = new List<ThresholdDefinition>();
            var sloTexts = parse.GetValue(slo) ?? [];
            foreach (var text in sloTexts)
            {
                try
                {
                    slos.Add(ThresholdDefinition.Parse(text));
                }
                catch (ThresholdParseException e)
                {
                    errors.Add($"--slo: {e.Message} (write e.g. 'alarm.p99<250ms', 'keepalive.fail_pct<0.1%')");
                }
            }
            if (sloTexts.Length == 0) slos.AddRange(definition.Thresholds);

            var u = Check(parse.GetValue(target) ?? DefaultTargetUtilisation, v => v is > 0 and < 1, "--target-utilization", "must lie between 0 and 1 (exclusive)", errors);
            var g = Check(parse.GetValue(growth) ?? DefaultGrowth, v => v > 0, "--growth", "must be > 0", errors);
            var p = Check(parse.GetValue(peak) ?? DefaultPeakFactor, v => v >= 1, "--peak-factor", "must be at least 1 (the busiest hour is no quieter than the average)", errors);
            var cores = parse.GetValue(coresPerNode) ?? DefaultCoresPerNode;
            if (cores is < 1 or > 1024) errors.Add($"--cores-per-node: must be 1 to 1024, got {cores}");
            var series = new LoadSteps(parse.GetValue(start) ?? definition.LoadFactor, parse.GetValue(ratio) ?? DefaultRatio, parse.GetValue(maxSteps) ?? DefaultMaxSteps);
            if (series.Problem() is { } problem)
            {
                var option = !(double.IsFinite(series.Start) && series.Start > 0) ? "--start" : !(series.Ratio > 1 && double.IsFinite(series.Ratio)) ? "--ratio" : "--max-steps";
                errors.Add($"{option}: {problem}");
            }
            var nodeCounts = parse.GetValue(nodes) ?? [1];
            var w = parse.GetValue(warmUp) ?? DefaultWarmUp;
            var st = parse.GetValue(steady) ?? DefaultSteady;
            var se = parse.GetValue(settle) ?? DefaultSettle;
            var page = dashboard.Read(parse, errors, console.Profile.Capabilities.Interactive);
            if (!definition.Streams.Any(x => x.UsesTree))
                errors.Add($"{path}: the scenario drives only self-test targets; size needs streams on the monitoring tree");
            if (errors.Count > 0)
            {
                foreach (var e in errors) console.Error($"{e}");
                return ExitCodes.BadInput;
            }

            var settings = new SizeSettings(series, w, st, slos, u, g, p, cores, nodeCounts, se);
            console.MarkupLineInterpolated($"[bold]monitorsim size[/] {definition.Name} ({path}): load factor {Show(series.Start)} × {Show(series.Ratio)} per step, at most {series.MaxSteps} steps of {Durations.Format(w)} + {Durations.Format(st)}; SLO: {(slos.Count == 0 ? "none" : string.Join(", ", slos.Select(x => x.Text)))}");
            IRunProgress progress = new ConsoleProgress(console, w + st);
            await using var live = page is null ? null : await LiveDashboard.StartAsync(console, page, "size", definition.Name, progress, ct);
            if (page is not null && live is null) return ExitCodes.BadInput;
            SizingRun run;
            try
            {
                run = await new SizeJob(definition, settings, outDir, live?.Progress ?? progress).ExecuteAsync(ct);
            }
            catch (ScenarioException e)
            {
                foreach (var error in e.Errors) console.Error($"{error}");
                live?.Failed(string.Join("; ", e.Errors));
                return ExitCodes.BadInput;
            }
            catch (TreeStartException e)
            {
                console.Error($"the run failed: {e.Message} ({Path.Combine(outDir, "size.log")})");
                live?.Failed(e.Message);
                return ExitCodes.Of(Outcome.RunFailed);
            }
            SizingWriter.WriteAll(run, outDir);
            PrintSummary(console, run, outDir);
            live?.SizingFinished(outDir);
            var code = Finish(console, run, outDir, definition.LoadFactor, parse.GetValue(junit), ct);
            if (live is not null) await live.KeepAsync(ct);
            return code;
        });
        return command;
    }

    /// <summary>The verdict (<see cref="SizeVerdict"/>), the JUnit file, the files written; a search stopped by a signal is aborted.</summary>
    private static int Finish(IAnsiConsole console, SizingRun run, string outDir, double designLoadFactor, string? junit, CancellationToken ct)
    {
        var checks = SizeVerdict.Checks(run, designLoadFactor);
        if (junit is not null) JUnitReport.Write(junit, $"size {run.Scenario}", $"monitorsim.size.{run.Scenario}", checks, run.WallSeconds);
        var failed = checks.Where(c => !c.Passed).ToList();
        var outcome = ct.IsCancellationRequested ? Outcome.Aborted : failed.Count > 0 ? Outcome.ThresholdFailed : Outcome.Held;
        var detail = string.Join("; ", checks.Select(c => $"{c.Name}: {(c.Skipped is not null ? "not checked" : c.Passed ? "yes" : "no")} ({c.Message})"));
        console.Verdict(outcome switch { Outcome.Held => "PASS", Outcome.Aborted => "ABORTED", _ => "FAIL" },
            $"size {run.Scenario}: {(outcome == Outcome.Aborted ? "stopped by a signal; the plan is partial; " : "")}{detail} (exit {ExitCodes.Of(outcome)})", outcome == Outcome.Held);
        console.Files(new[] { "sizing.md", "sizing.html", "sizing.json" }.Select(f => (string?)Path.Combine(outDir, f)).Append(junit));
        return ExitCodes.Of(outcome);
    }

    private static double Check(double value, Func<double, bool> ok, string option, string rule, List<string> errors)
    {
        if (!double.IsFinite(value) || !ok(value)) errors.Add($"{option}: {rule}, got {Show(value)}");
        return value;
    }

    private static string NewReportFolder()
    {
        var baseName = Path.Combine("reports", "size-" + DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        var name = baseName;
        for (var i = 2; Directory.Exists(name); i++) name = $"{baseName}-{i}";
        return name;
    }

    private static void PrintSummary(IAnsiConsole console, SizingRun run, string outDir)
    {
        var a = run.Analysis;
        if (a.Usl is { } usl)
        {
            var peak = usl.Model.Peak is { } n ? $", peak at load factor {n:N0}" : ", no peak (β = 0)";
            console.MarkupLineInterpolated($"USL over load factor: α {usl.Model.Alpha:0.####}, β {usl.Model.Beta:0.######}, γ {usl.Model.Gamma:N1} ops/s, R² {usl.RSquared:0.####}{peak}");
        }
        if (a.HeldOut is { } h)
            console.MarkupLineInterpolated($"held-out step {h.Step} (load factor {Show(h.LoadFactor)}): throughput measured {h.MeasuredThroughput:N0}/s, predicted {h.PredictedThroughput:N0}/s, error {h.ThroughputError:P1}");
        else
            console.MarkupLineInterpolated($"held-out check: {a.HeldOutProblem}");
        if (run.NodeAxis is { } axis)
        {
            var costs = string.Join(", ", axis.Costs.Select(c => $"{c.Nodes}: {c.DemandSeconds * 1e6:0.00} µs + {c.OverheadCores:0.00} cores ({c.Efficiency:P0})"));
            console.MarkupLineInterpolated($"node axis, CPU per operation + fixed cores by node count: {(costs.Length == 0 ? "none measured" : costs)}");
            foreach (var left in axis.LeftOut) console.MarkupLineInterpolated($"node axis, {left.Nodes} node(s) left out: {left.Reason}");
            console.MarkupLineInterpolated($"plan, nodes: {axis.PlanNote}");
        }
        foreach (var role in a.Plan.Roles)
            console.MarkupLineInterpolated($"plan, {role.Role}: {role.Cores} {(role.Cores == 1 ? "core" : "cores")} on {role.Nodes} {(role.Nodes == 1 ? "node" : "nodes")} at {role.Utilisation:P0} for {role.OpsPerSecond:N0} ops/s");
        console.MarkupLineInterpolated($"size took {run.WallSeconds:N0} s");
    }

    private static string Show(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
