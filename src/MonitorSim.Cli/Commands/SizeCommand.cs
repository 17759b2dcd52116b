using MonitorSim.Cli.Output;
using System.CommandLine;
using System.Globalization;
using MonitorSim.Cli.Options;
using MonitorSim.Cli.Progress;
using MonitorSim.Harness;
using MonitorSim.Harness.Capacity;
using MonitorSim.Harness.Isolation;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Domain.Storage;
using MonitorSim.Domain.Time;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;
using MonitorSim.Load.Thresholds;
using MonitorSim.Reports;
using MonitorSim.Reports.Sizing;
using MonitorSim.Sizing.Design;
using MonitorSim.Sizing.Planning;
using MonitorSim.Sizing.Search;
using Spectre.Console;

namespace MonitorSim.Cli.Commands;

/// <summary><c>monitorsim size [SCENARIO] [--slo EXPR]… [--target-utilization U] [--growth G] [--peak-factor P]
/// [--cores-per-node C] [--nodes N,N…] [--node-cpus Q] [--vertical [CORES,…]] [--start F] [--resolution R] [--repeats N] [--failures-to-fail N] [--searches N] [--max-load F] [--max-trials N] [--warm-up W]
/// [--settle S] [--steady S] [--time-limit T] [--out DIR] [--seed N] [--store S]</c>: search for the capacity (on each cluster size asked for),
/// fit the capacity models on the trials, and write the production plan.</summary>
public static class SizeCommand
{
    /// <summary>The files a sizing run writes in its output folder, in the order they are listed.</summary>
    private static readonly string[] SizingReportFiles = ["sizing.md", "sizing.html", "sizing.json"];

    /// <summary>6 s covers the boot of 17,932 cameras (all online 1 s into the warm-up) and the settling after it; 12 s of
    /// steady load gives each trial tens of thousands of alarms near the capacity (4,500 a second, 54,000 a window).
    /// Shorter than the first 8 s + 20 s and the later 6 s + 16 s so that a search whose boundary needs repeats still ends
    /// within the quarter of an hour the issue allows: 26 trials of 28 s took 17 min 41 s (2026-12-04 04:05), and 42 of
    /// 22 s (30 search trials, 6 probes, 6 held-out) 1,020.6 s (2026-12-05 00:05).</summary>
    public static readonly TimeSpan DefaultWarmUp = TimeSpan.FromSeconds(6);

    public static readonly TimeSpan DefaultSteady = TimeSpan.FromSeconds(12);

    /// <summary><c>--quick</c>: shorter trials (the baseline's 17,932 cameras are all online 1 s into the warm-up), a
    /// shorter settle, a coarser resolution, one fewer repeat and a bracket that grows eightfold, for an answer within
    /// four minutes rather than a quarter of an hour. From load factor 1 to the baseline's capacity near 1,500 the
    /// eightfold bracket takes about 10 trials where doubling took 16, and its light loads (1, 8, 64, 512) still span the
    /// 64× the demand probes need. Any option given explicitly still wins.</summary>
    public static readonly TimeSpan QuickWarmUp = TimeSpan.FromSeconds(4);

    public static readonly TimeSpan QuickSteady = TimeSpan.FromSeconds(8);
    public static readonly TimeSpan QuickSettle = TimeSpan.FromSeconds(4);
    public const double QuickResolution = 0.10;
    public const int QuickRepeats = 2;
    public const double QuickBracketFactor = 8;

    /// <summary><c>--quick</c> fails a load on its first failed trial (RFC 2544's rule), as before the recheck: the
    /// rechecks took a quick search of the baseline from 205–224 s to 275 s (four rechecks of 12 s, 2026-12-04), past its
    /// four minutes. A quick answer is the coarse one; <c>--failures-to-fail 2</c> buys the recheck back.</summary>
    public const int QuickFailuresToFail = 1;

    /// <summary>The option that sets each of <see cref="SearchSettings"/>' parameters, for its problem's message (the
    /// lowest load follows <c>--start</c>).</summary>
    private static readonly Dictionary<string, string> SearchOptions = new(StringComparer.Ordinal)
    {
        [nameof(SearchSettings.StartLoad)] = "--start", [nameof(SearchSettings.MinLoad)] = "--start",
        [nameof(SearchSettings.Resolution)] = "--resolution", [nameof(SearchSettings.BoundaryRepeats)] = "--repeats",
        [nameof(SearchSettings.MaxLoad)] = "--max-load", [nameof(SearchSettings.MaxTrials)] = "--max-trials",
        [nameof(SearchSettings.BracketFactor)] = "--bracket-factor", [nameof(SearchSettings.FailuresToFail)] = "--failures-to-fail",
        [nameof(SearchSettings.MaxDuration)] = "--time-limit",
    };

    /// <summary>Each cluster size's time, start to last held-out trial, unless <c>--time-limit</c> says otherwise: the
    /// quarter of an hour a default search of the baseline is to end within on a 2-core machine (its plan and the
    /// process's exit take seconds more).</summary>
    public static readonly TimeSpan DefaultTimeLimit = TimeSpan.FromMinutes(14.5);

    /// <summary><c>--quick</c>'s time limit: its four minutes, less the same margin.</summary>
    public static readonly TimeSpan QuickTimeLimit = TimeSpan.FromMinutes(3.75);

    /// <summary><c>--quick</c> checks the percentile on one window a held-out load, not three: two more 12-s windows would
    /// take it past its four minutes.</summary>
    public const int QuickHeldOutWindows = 1;

    /// <summary>Unmeasured load on every fresh cluster before its first step: long enough for the JIT's second tier to
    /// catch up with a new node's hot code (a worker node's compilation thread was still busy 30 s after its start at
    /// load factor 1, and the first step's figures read it as the cluster's overhead).</summary>
    public static readonly TimeSpan DefaultSettle = TimeSpan.FromSeconds(20);

    /// <summary>The search never offers more than this multiple of the scenario's rates (a bound on a runaway bracket).</summary>
    public const double DefaultMaxLoad = 100_000;
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
        var peak = new Option<double?>("--peak-factor", "--peak") { Description = $"Busiest hour over the scenario's rates, for event-driven operations: the design load's peak candidate (default {DefaultPeakFactor}, xuzhou-peak.yaml's opening hour)" };
        var storm = new Option<string?>("--storm") { Description = "The design load's re-registration storm: every camera of the largest platform ('platform', the default) or of the whole city ('city') registering within the scenario's reregister_jitter" };
        var designLog = new Option<string?>("--design-log") { Description = $"An incident log (replay's CSV or JSON Lines, gzip or not) whose busiest {DesignLog.WindowS} s window is a candidate design load; read whole before the run (a bad line is an error)" };
        var coresPerNode = new Option<int?>("--cores-per-node") { Description = $"Cores of one production node (default {DefaultCoresPerNode})" };
        var nodes = TypedOptions.NodeCounts("--nodes", $"Cluster sizes to search on, e.g. 1,2,3,4: each runs its own capacity search on this process plus N−1 local node processes, and the node count becomes the plan's second axis (default 1; at most {RunCommand.MaxLocalNodes})", RunCommand.MaxLocalNodes);
        var start = new Option<double?>("--start") { Description = "Load factor of the search's first trial (default: the scenario's load_factor)" };
        var resolution = new Option<double?>("--resolution") { Description = $"The search ends when the lowest failing load is within this share of the highest passing one (default {SearchSettings.DefaultResolution}, 5 %)" };
        var repeats = new Option<int?>("--repeats") { Description = $"Trials the highest passing load must pass (default {SearchSettings.DefaultRepeats})" };
        var failuresToFail = new Option<int?>("--failures-to-fail") { Description = $"Failed trials that fail a load: 1 fails it on one broken threshold (RFC 2544); the default {SearchSettings.DefaultFailuresToFail} runs a load that failed once again at once, so one disturbed window cannot set the capacity ({QuickFailuresToFail} with --quick; 1 to 5)" };
        var maxLoad = new Option<double?>("--max-load") { Description = $"Highest load factor the search offers (default {DefaultMaxLoad:0})" };
        var maxTrials = new Option<int?>("--max-trials") { Description = $"Most trials per cluster size (default {SearchSettings.DefaultMaxTrials})" };
        var bracketFactor = new Option<double?>("--bracket-factor") { Description = $"While every trial passes, the next load is this multiple of the last (default {SearchSettings.DefaultBracketFactor:0}, doubling; {QuickBracketFactor:0} with --quick)" };
        var warmUp = TypedOptions.Duration("--warm-up", $"Warm-up of every trial, excluded from its figures (default {Durations.Format(DefaultWarmUp)})", allowZero: true);
        var settle = TypedOptions.Duration("--settle", $"Unmeasured load at half the first trial's factor on every freshly started cluster before its first trial, in windows of this length until its nodes stop compiling (at most 6), 0s for none (default {Durations.Format(DefaultSettle)})", allowZero: true);
        var timeLimit = TypedOptions.Duration("--time-limit", $"Each cluster size's time from its start to its last held-out trial: its search starts no trial that would leave too little for the probes and held-out trials after it, and says so (default {Durations.Format(DefaultTimeLimit)}, {Durations.Format(QuickTimeLimit)} with --quick; 0s for none)", allowZero: true);
        var steady = TypedOptions.Duration("--steady", $"Steady window of every trial (default {Durations.Format(DefaultSteady)})", allowZero: false);
        var (nodeCpus, generatorCpus) = CpuQuotaOptions.Create(
            "Cap every node process at this many cores through Linux cgroups (v2 cpu.max or v1 cpu.cfs_quota_us; needs root), e.g. 0.4, so N nodes own N × quota cores and never share them; the load generator gets --generator-cpus of its own",
            $"With --node-cpus or --vertical: the cores the load generator threads are capped at (default {SizeSettings.DefaultGeneratorCpus})");
        var vertical = TypedOptions.CoreQuotas("--vertical", $"The vertical axis: after the cluster sizes, search one node capped at each of these CPU quotas through Linux cgroups (needs root; default {string.Join(",", SizeSettings.DefaultVerticalCpus.Select(Show))}), fit capacity over cores, hold out the largest quota and extrapolate to --cores-per-node", SizeSettings.DefaultVerticalCpus);
        var searches = new Option<int?>("--searches") { Description = $"Capacity searches per node count, each on a cluster started afresh; the count stands for its median search and the report gives the spread (default 1, at most {SizeSettings.MaxSearches})" };
        var quick = new Option<bool>("--quick") { Description = $"Shorter trials ({Durations.Format(QuickWarmUp)} + {Durations.Format(QuickSteady)}, settle {Durations.Format(QuickSettle)}), resolution {QuickResolution}, {QuickRepeats} repeats, bracket factor {QuickBracketFactor:0}, a load failed by one failed trial, one window a held-out load: an answer within minutes; explicit options still win" };
        var output = new Option<string?>("--out") { Description = "Report folder (default reports/size-<timestamp>)" };
        var seed = new Option<int?>("--seed") { Description = "Seed for the topology and the workload" };
        var store = TypedOptions.Store($"sqlite, sqlite:PATH, postgres://… or memory (default sqlite:OUT/{SizeJob.StoreFileName}, a store of this run's own)");
        var junit = Output.RunEndingLines.JUnitOption();
        var command = new Command("size", "Search for the capacity (the highest load at which every SLO holds), check the capacity models' predictions against it, and write the hardware plan")
        {
            scenario, slo, target, growth, peak, storm, designLog, coresPerNode, nodes, start, resolution, repeats, failuresToFail, searches, maxLoad, maxTrials, bracketFactor, nodeCpus, generatorCpus, vertical, quick, warmUp, settle, steady, timeLimit, output, seed, store.Address, store.File, junit,
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
            // The scenario's checks on the load generator itself (its lag) say whether a trial measured the system, not
            // whether the system held its SLO: a busy machine would otherwise be searched for its own capacity. Each
            // trial's generator lag is reported beside its result instead.
            if (sloTexts.Length == 0) slos.AddRange(definition.Thresholds.Where(t => !IsGeneratorCheck(t)));

            var u = Check(parse.GetValue(target) ?? DefaultTargetUtilisation, v => v is > 0 and < 1, "--target-utilization", "must lie between 0 and 1 (exclusive)", errors);
            var g = Check(parse.GetValue(growth) ?? DefaultGrowth, v => v > 0, "--growth", "must be > 0", errors);
            var p = Check(parse.GetValue(peak) ?? DefaultPeakFactor, v => v >= 1, "--peak-factor", "must be at least 1 (the busiest hour is no quieter than the average)", errors);
            var cores = parse.GetValue(coresPerNode) ?? DefaultCoresPerNode;
            if (cores is < 1 or > 1024) errors.Add($"--cores-per-node: must be 1 to 1024, got {cores}");
            var isQuick = parse.GetValue(quick);
            var search = new SearchSettings(parse.GetValue(start) ?? definition.LoadFactor,
                parse.GetValue(resolution) ?? (isQuick ? QuickResolution : SearchSettings.DefaultResolution),
                parse.GetValue(repeats) ?? (isQuick ? QuickRepeats : SearchSettings.DefaultRepeats), parse.GetValue(maxLoad) ?? DefaultMaxLoad,
                Math.Min(SearchSettings.DefaultMinLoad, parse.GetValue(start) ?? definition.LoadFactor), parse.GetValue(maxTrials) ?? SearchSettings.DefaultMaxTrials,
                parse.GetValue(bracketFactor) ?? (isQuick ? QuickBracketFactor : SearchSettings.DefaultBracketFactor),
                parse.GetValue(failuresToFail) ?? (isQuick ? QuickFailuresToFail : SearchSettings.DefaultFailuresToFail));
            if (search.Check() is { } problem) errors.Add($"{SearchOptions[problem.Setting]}: {problem.Text}");
            var nodeCounts = parse.GetValue(nodes) ?? [1];
            var searchCount = parse.GetValue(searches) ?? 1;
            if (searchCount is < 1 or > SizeSettings.MaxSearches)
                errors.Add($"--searches: must be 1 to {SizeSettings.MaxSearches} (searches per node count), got {searchCount}");
            var quota = parse.GetValue(nodeCpus);
            var generatorQuota = parse.GetValue(generatorCpus) ?? SizeSettings.DefaultGeneratorCpus;
            var verticalQuotas = parse.GetValue(vertical);
            if (quota is { } q) CpuQuotaOptions.Check(new CpuQuotas(q, generatorQuota), nodeCounts.Max(), errors);
            else if (parse.GetValue(generatorCpus) is not null && verticalQuotas is null) errors.Add("--generator-cpus: applies only with --node-cpus or --vertical");
            if (verticalQuotas is not null) CheckVerticalQuotas(verticalQuotas, generatorQuota, checkHost: quota is null, errors);
            var w = parse.GetValue(warmUp) ?? (isQuick ? QuickWarmUp : DefaultWarmUp);
            var st = parse.GetValue(steady) ?? (isQuick ? QuickSteady : DefaultSteady);
            var se = parse.GetValue(settle) ?? (isQuick ? QuickSettle : DefaultSettle);
            var limit = parse.GetValue(timeLimit) ?? (isQuick ? QuickTimeLimit : DefaultTimeLimit);
            var page = dashboard.Read(parse, errors, console.Profile.Capabilities.Interactive);
            var stormScope = parse.GetValue(storm) ?? StormSpec.PlatformScope;
            if (stormScope is not (StormSpec.PlatformScope or StormSpec.CityScope))
                errors.Add($"--storm: '{stormScope}' is not a storm; write '{StormSpec.PlatformScope}' (every camera of the largest platform) or '{StormSpec.CityScope}' (the whole city)");
            LogPeak? logPeak = null;
            if (parse.GetValue(designLog) is { } logPath && errors.Count == 0)
            {
                try
                {
                    var names = definition.Streams.Where(x => x.UsesTree && x.Then is null).GroupBy(x => x.Kind)
                        .ToDictionary(g => g.Key, g => g.First().OperationName);
                    logPeak = DesignLog.Read(logPath, MonitorSim.Domain.Topology.TopologyBuilder.Build(definition.Topology, definition.Seed), names);
                }
                catch (MonitorSim.Load.Replay.LogFormatException e)
                {
                    errors.Add($"--design-log: {e.Message}");
                }
            }
            if (slos.Count == 0)
                errors.Add($"{path}: no SLO to search against: the scenario has no thresholds and no --slo was given (write e.g. --slo 'alarm.p99<250ms')");
            if (errors.Count > 0)
            {
                foreach (var e in errors) console.Error($"{e}");
                return ExitCodes.BadInput;
            }

            var settings = new SizeSettings(search, w, st, slos, u, g, p, cores, nodeCounts, se, quota, generatorQuota, new DesignSources(stormScope, logPeak), verticalQuotas,
                isQuick ? QuickHeldOutWindows : SizeSettings.DefaultHeldOutWindows, searchCount, limit > TimeSpan.Zero ? limit : null);
            console.MarkupLine(Markup.Escape($"monitorsim size {definition.Name} ({path}): capacity search from load factor {Show(search.StartLoad)} to a resolution of {search.Resolution:P0}, the boundary passed {search.BoundaryRepeats}×, a load failed by {search.FailuresToFail} failed trial(s), trials of {Durations.Format(w)} + {Durations.Format(st)}; SLO: {string.Join(", ", slos.Select(x => x.Text))}") + Output.RunEndingLines.BuildNote());
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
            catch (CgroupException e)
            {
                // The host's cgroups refused a step after the start-up check passed (a quota, a process move): what
                // failed and what was undone are in the message; no node is left capped.
                console.Error($"the run failed: CPU isolation: {e.Message}");
                live?.Failed(e.Message);
                return ExitCodes.Of(Outcome.RunFailed);
            }
            SizingWriter.WriteAll(run, outDir);
            PrintSummary(console, run, outDir);
            // The verdict is settled before the page says finished: a watcher that stops the command on seeing it (a
            // test, a pipeline) must not turn a finished search into an aborted one.
            var code = Finish(console, run, outDir, parse.GetValue(junit));
            live?.SizingFinished(outDir);
            if (live is not null) await live.KeepAsync(ct);
            return code;
        });
        return command;
    }

    /// <summary>The verdict (<see cref="SizeVerdict"/>), the JUnit file, the files written. A search stopped by a signal is
    /// aborted; a signal after the search ended (while its reports were written, or while a dashboard was kept) is not:
    /// the plan was complete.</summary>
    private static int Finish(IAnsiConsole console, SizingRun run, string outDir, string? junit)
    {
        var checks = SizeVerdict.Checks(run);
        // As a run's: a size run stopped by a signal adds a case that says so, so a partial plan never reads as a clean pass.
        if (run.End.Partial) checks = [.. checks, new JUnitCase("size ended", false, null, run.End.Reason ?? run.End.Name, Error: run.End.Reason ?? run.End.Name)];
        if (junit is not null) JUnitReport.Write(junit, $"size {run.Scenario}", $"monitorsim.size.{run.Scenario}", checks, run.WallSeconds);
        var failed = checks.Where(c => !c.Passed).ToList();
        var outcome = run.End.Kind == RunEnding.Stopped ? Outcome.Aborted : failed.Count > 0 ? Outcome.ThresholdFailed : Outcome.Held;
        var detail = string.Join("; ", checks.Select(c => $"{c.Name}: {(c.Skipped is not null ? "not checked" : c.Passed ? "yes" : "no")} ({c.Message})"));
        console.Verdict(outcome switch { Outcome.Held => "PASS", Outcome.Aborted => "ABORTED", _ => "FAIL" },
            $"size {run.Scenario}: {(outcome == Outcome.Aborted ? "stopped by a signal; the plan is partial; " : "")}{detail} (exit {ExitCodes.Of(outcome)})", outcome == Outcome.Held);
        console.Files(SizingReportFiles.Select(f => (string?)Path.Combine(outDir, f)).Append(junit));
        return ExitCodes.Of(outcome);
    }

    /// <summary>
    /// The vertical axis's quotas must each leave the generator its cores (one node at a time runs, so the largest is what
    /// must fit), and the host must let us write cgroups (checked once, by <see cref="CpuQuotaOptions.Check"/> when
    /// --node-cpus is given too).
    /// </summary>
    private static void CheckVerticalQuotas(IReadOnlyList<double> quotas, double generator, bool checkHost, List<string> errors)
    {
        var machine = Environment.ProcessorCount;
        if (!CpuQuotaOptions.CheckGenerator(generator, errors)) return;
        var most = quotas.Max();
        if (most > machine - generator + 1e-9)
            errors.Add($"--vertical: {Show(most)} cores exceed this machine's {machine} cores less the load generator's {Show(generator)} ({Show(machine - generator)}): " +
                       "the node would share cores with the generator (lower the largest quota, or --generator-cpus)");
        else if (checkHost) CpuQuotaOptions.CheckHost("--vertical", errors);
    }

    /// <summary>Whether a threshold judges the load generator (its lag), not the system under test.</summary>
    internal static bool IsGeneratorCheck(ThresholdDefinition t) => t.Expression.Key.StartsWith("generator_lag", StringComparison.Ordinal) ||
                                                                    t.Expression.Stat.StartsWith("generator_lag", StringComparison.Ordinal);

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
        foreach (var line in SizingAnswer.Lead(run)) console.MarkupLine("[bold]" + Markup.Escape(line) + "[/]");
        foreach (var cluster in run.Clusters ?? [])
        {
            if (cluster.Search is not { } found) continue;
            var at = cluster.Nodes == 1 ? "1 node" : $"{cluster.Nodes} nodes";
            var passed = found.PassedLoad is { } l ? cluster.Steps.Where(x => x.LoadFactor == l).Average(x => x.CompletedPerSecond) : (double?)null;
            if (found.PassedLoad is { } lo && found.FailedLoad is { } hi)
                console.MarkupLineInterpolated($"[bold]capacity on {at}[/]: load factor {Show(lo)}–{Show(hi)} ({passed:N0} ops/s passed every repeat; interval {found.Width:P1} wide) after {found.Trail.Count} trials");
            else
                console.MarkupLineInterpolated($"[bold]capacity on {at}[/]: not bracketed ({found.StopReason}) after {found.Trail.Count} trials");
        }
        if (run.NodeAxis is { } axis)
        {
            var costs = string.Join(", ", axis.Costs.Select(c => $"{c.Nodes}: {c.DemandSeconds * 1e6:0.00} µs + {c.OverheadCores:0.00} cores ({c.Efficiency:P0})"));
            console.MarkupLineInterpolated($"node axis, CPU per operation + fixed cores by node count: {(costs.Length == 0 ? "none measured" : costs)}");
            foreach (var left in axis.LeftOut) console.MarkupLineInterpolated($"node axis, {left.Nodes} node(s) left out: {left.Reason}");
            console.MarkupLineInterpolated($"plan, nodes: {axis.PlanNote}");
        }
        if (run.Vertical is { } vertical)
        {
            foreach (var q in vertical.Quotas)
            {
                var c = MonitorSim.Sizing.Vertical.VerticalRun.Capacity(q);
                var found = c.Carries
                    ? $"{c.OpsPerSecond:N0} ops/s (load factor {Show(c.PassedLoad!.Value)} passed every repeat{(c.FailedLoad is { } f ? $", {Show(f)} failed" : "")})"
                    : $"none: {c.Problem}";
                console.MarkupLineInterpolated($"[bold]capacity on 1 node at {Show(q.Cores)} cores[/]: {found}");
            }
            if (vertical.Axis.HeldOut is { } held) console.MarkupLineInterpolated($"vertical axis, held out: {held.Describe()}");
            if (vertical.Axis.Production is { } prod)
                console.MarkupLineInterpolated($"vertical axis: {Show(prod.Cores)} cores EXTRAPOLATED (not measured) to {prod.OpsPerSecond:N0} ops/s{(prod.HasInterval ? $", 95 % interval {prod.Low:N0}–{prod.High:N0}" : "")}; {prod.RatioText()}");
        }
        if (a.FitProblem is { } unfitted) console.MarkupLineInterpolated($"plan, roles: none sized: {unfitted}");
        foreach (var role in a.Plan.Roles)
            console.MarkupLineInterpolated($"plan, {role.Role}: {role.Cores} {(role.Cores == 1 ? "core" : "cores")} on {role.Nodes} {(role.Nodes == 1 ? "node" : "nodes")} at {role.Utilisation:P0} for {role.OpsPerSecond:N0} ops/s");
        console.MarkupLineInterpolated($"size took {run.WallSeconds:N0} s");
    }

    private static string Show(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
