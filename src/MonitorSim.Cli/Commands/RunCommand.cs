using MonitorSim.Cli.Output;
using System.CommandLine;
using System.Globalization;
using MonitorSim.Cli.Options;
using MonitorSim.Cli.Progress;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Domain.Time;
using MonitorSim.Harness;
using MonitorSim.Harness.Isolation;
using MonitorSim.Harness.Nodes;
using MonitorSim.Harness.Runs;
using MonitorSim.Load.Replay;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;
using MonitorSim.Telemetry;
using Spectre.Console;

namespace MonitorSim.Cli.Commands;

/// <summary><c>monitorsim run [SCENARIO] [--duration D] [--warm-up W] [--out DIR] [--seed N] [--nodes N [--node-cpus Q [--generator-cpus G]]]
/// [--store S] [--load-factor F] [--otlp URL [--otlp-protocol grpc|http]] [--prometheus PORT] [--dashboard [PORT] [--dashboard-bind ADDR]
/// [--dashboard-keep D]]</c>.</summary>
public static class RunCommand
{
    public const string DefaultScenario = "scenarios/xuzhou-baseline.yaml";

    /// <summary>Most nodes a local run starts: they all share this machine's cores.</summary>
    public const int MaxLocalNodes = 8;

    public static Command Create(IAnsiConsole console)
    {
        var scenario = new Argument<string?>("scenario") { Arity = ArgumentArity.ZeroOrOne, Description = $"Scenario file (default {DefaultScenario})" };
        var duration = TypedOptions.Duration("--duration", "Run length, e.g. 20s, 5m (overrides the scenario)", allowZero: false);
        var warmUp = TypedOptions.Duration("--warm-up", "Warm-up: statistics start after it, e.g. 30s (overrides the scenario's warm_up)", allowZero: true);
        var output = new Option<string?>("--out") { Description = "Report folder (default reports/<timestamp>)" };
        var seed = new Option<int?>("--seed") { Description = "Seed for the topology and the workload" };
        var nodes = TypedOptions.Whole("--nodes", "Cluster nodes: this process plus N−1 local node processes on loopback (default 1)", 1, MaxLocalNodes,
            "local node processes share this machine");
        var hostname = new Option<string?>("--hostname") { Description = "Where remoting listens and what it advertises (default 127.0.0.1)" };
        var port = TypedOptions.Whole("--port", "Remoting port of this node (default: a free one); worker nodes join it", 0, 65535);
        var generatorApart = new Option<bool>("--generator-apart")
        {
            Description = "Run the load generator in this process and the whole tree on the other nodes (needs --nodes 2 or more): the generator's heap and collections are then its own",
        };
        var cpuQuotas = CpuQuotaOptions.Create(
            "Cap every node process of the run (this one and each local node) at this many cores through Linux cgroups (v2 cpu.max or v1 cpu.cfs_quota_us; needs root), e.g. 0.4, once the tree has started (its start is not measured) until the run ends, so N nodes own N × quota cores and never share them; the load generator gets --generator-cpus of its own",
            $"With --node-cpus: the cores the load generator threads are capped at (default {CpuQuotas.DefaultGeneratorCpus})");
        var remoteNodes = TypedOptions.Whole("--remote-nodes", "Also wait for this many nodes started by hand on other hosts (monitorsim node --seed HOST:PORT)", 0, 64);
        var tls = TlsOptions.Create();
        var store = TypedOptions.Store("sqlite, sqlite:PATH, postgres://user@host:port/db or memory (overrides the scenario)");
        var loadFactor = TypedOptions.Number("--load-factor", "Multiplies every rate of the scenario", v => v > 0, "must be > 0");
        var otlp = new Option<string?>("--otlp") { HelpName = "URL", Description = "Push live metrics over OTLP to this collector (http:// or https:// URL), e.g. http://127.0.0.1:4317" };
        var otlpProtocol = new Option<string?>("--otlp-protocol") { HelpName = "grpc|http", Description = "OTLP transport: grpc (default) or http (http/protobuf, sent to URL/v1/metrics)" };
        var prometheus = new Option<string?>("--prometheus") { HelpName = "PORT", Description = "Serve live metrics for Prometheus on http://127.0.0.1:PORT/metrics" };
        var junit = RunEndingLines.JUnitOption();
        var record = new Option<string?>("--record") { HelpName = "FILE", Description = "Write every operation offered, as an incident log (CSV; .gz compresses), so that `monitorsim replay FILE` repeats it" };
        var command = new Command("run", "Drive the modelled city with a scenario's workload and report")
        {
            scenario, duration, warmUp, output, seed, nodes, cpuQuotas.NodeCpus, cpuQuotas.GeneratorCpus, generatorApart, remoteNodes, hostname, port, store.Address, store.File, loadFactor, otlp, otlpProtocol, prometheus, record, junit,
        };
        foreach (var option in tls.All) command.Options.Add(option);
        var dashboard = DashboardCliOptions.Create();
        foreach (var option in dashboard.All) command.Options.Add(option);
        command.SetAction(async (parse, ct) =>
        {
            var errors = new List<string>();
            var nodeCount = parse.GetValue(nodes) ?? 1;
            var options = new RunOptions(parse.GetValue(scenario) ?? DefaultScenario, parse.GetValue(duration), parse.GetValue(warmUp), parse.GetValue(output),
                parse.GetValue(seed), parse.GetValue(loadFactor), store.Read(parse, errors),
                new ClusterSettings(nodeCount, parse.GetValue(hostname) ?? RemotingSecurity.DefaultHostname, parse.GetValue(port) ?? 0,
                    tls.Read(parse, errors), parse.GetValue(remoteNodes) ?? 0, parse.GetValue(generatorApart), cpuQuotas.Read(parse, nodeCount, errors)),
                ReadLiveMetrics(parse, otlp, otlpProtocol, prometheus, errors), parse.GetValue(record));
            var page = dashboard.Read(parse, errors, console.Profile.Capabilities.Interactive);
            if (!ScenarioFile.TryLoad(console, options.ScenarioPath, out var definition)) return ExitCodes.BadInput;
            definition = options.ApplyTo(definition);
            // The chaos section's faults are drawn now that the node count is known, and then are faults like any other.
            var chaosNotes = new List<string>();
            definition = ChaosPlan.Expand(definition, options.Cluster.Nodes, chaosNotes);
            foreach (var note in chaosNotes) console.MarkupLineInterpolated($"[yellow]{note}[/]");
            if (definition.Chaos is not null)
                foreach (var f in definition.Faults)
                    console.MarkupLineInterpolated($"chaos: t={f.At.TotalSeconds:0.0}s {f.Action}{(f.Node is { } k ? $" node {k}" : "")}{(f.PeerNode is { } p ? $"↔{p}" : "")}{(f.DownFor > TimeSpan.Zero ? $" for {f.DownFor.TotalSeconds:0.0}s" : "")}");
            errors.AddRange(options.Problems(definition));
            if (errors.Count > 0)
            {
                foreach (var e in errors) console.Error($"{e}");
                return ExitCodes.BadInput;
            }
            return await RunAsync(console, options, definition, parse.GetValue(junit), page, ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, RunOptions options, ScenarioDefinition definition, string? junit,
        Dashboard.DashboardOptions? page, CancellationToken ct)
    {
        // Live metrics start before the run, so a port that cannot be bound is bad input and nothing has run yet. Disposed
        // (in reverse order) when the command ends: the publication pushes its last figures, then the meter goes.
        using var liveMetrics = options.Live.Enabled ? new LiveMetrics() : null;
        LiveMetricsPublication? publication = null;
        if (liveMetrics is not null)
        {
            try
            {
                publication = LiveMetricsExport.Start(options.Live, liveMetrics);
            }
            catch (LiveMetricsException e)
            {
                console.Error($"--prometheus: {e.Message}");
                return ExitCodes.BadInput;
            }
        }
        using var published = publication;

        var outDir = options.OutputFolder ?? NewReportFolder();
        console.MarkupLine(FormattableString.Invariant($"[bold]monitorsim run[/] {Markup.Escape(definition.Name)} ({Markup.Escape(options.ScenarioPath)}) for {Durations.Format(definition.Duration)}, warm-up {Durations.Format(definition.WarmUp)}, load factor {definition.LoadFactor}, seed {definition.Seed}") + RunEndingLines.BuildNote());
        IRunProgress progress = new ConsoleProgress(console, definition.Duration);
        if (liveMetrics is not null)
        {
            console.MarkupLineInterpolated($"[grey]{options.Live.Describe()}[/]");
            progress = new LiveMetricsProgress(progress, liveMetrics);
        }
        // The page starts before the run too: a port it cannot listen on is bad input, and nothing has run.
        await using var live = page is null ? null : await LiveDashboard.StartAsync(console, page, "run", definition.Name, progress, ct);
        if (page is not null && live is null) return ExitCodes.BadInput;
        if (live is not null) progress = live.Progress;
        RunResult result;
        OperationRecordWriter? recorder = null;
        try
        {
            if (options.RecordPath is { } recordPath)
            {
                try { recorder = new OperationRecordWriter(recordPath); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    console.Error($"--record: cannot write {recordPath}: {e.Message}");
                    return ExitCodes.BadInput;
                }
            }
            result = await new RunJob(definition, outDir, progress, options.Cluster, new RunHooks(Recorder: recorder, Latency: liveMetrics)).ExecuteAsync(ct);
            if (recorder is not null)
            {
                recorder.Dispose();
                console.MarkupLineInterpolated($"recorded {recorder.Recorded:N0} operations to {Path.GetFullPath(options.RecordPath!)}");
            }
        }
        catch (ScenarioException e)
        {
            // Found when the run is planned against its topology (a feed naming cameras or points it lacks).
            foreach (var error in e.Errors) console.Error($"{error}");
            live?.Failed(string.Join("; ", e.Errors));
            return ExitCodes.BadInput;
        }
        catch (TreeStartException e)
        {
            // The cluster could not form or the store could not be opened: the environment failed, not the input.
            console.Error($"the run failed: {e.Message} ({Path.Combine(outDir, "run.log")})");
            live?.Failed(e.Message);
            return ExitCodes.Of(Outcome.RunFailed);
        }
        catch (CgroupException e)
        {
            // The host's cgroups refused a step after the start-up check passed (a quota, a process move): what failed
            // and what was undone are in the message; no node is left capped.
            console.Error($"the run failed: CPU isolation: {e.Message}");
            live?.Failed(e.Message);
            return ExitCodes.Of(Outcome.RunFailed);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            recorder?.Dispose();
            // Not the user's input and not a threshold: say what broke rather than die with a bare stack trace.
            console.Error($"the run failed: {e.GetType().Name}: {e.Message}");
            Directory.CreateDirectory(outDir);
            File.AppendAllText(Path.Combine(outDir, "run.log"), $"{DateTime.UtcNow:O} run failed: {e}{Environment.NewLine}");
            live?.Failed($"{e.GetType().Name}: {e.Message}");
            return ExitCodes.Of(Outcome.RunFailed);
        }
        PrintSummary(console, result);
        live?.Finished(result, outDir);
        var code = RunEndingLines.Finish(console, "run", result, outDir, junit, options.RecordPath);
        // The last interval's figures reach Prometheus only with its next scrape: the endpoint stays up for it.
        if (published is not null && await published.AwaitFinalScrapeAsync(ct) is { } scrape)
            console.MarkupLineInterpolated($"[grey]{scrape.Describe()}[/]");
        if (live is not null) await live.KeepAsync(ct);
        return code;
    }

    /// <summary>Reads <c>--otlp</c>, <c>--otlp-protocol</c> and <c>--prometheus</c>; what is wrong goes to
    /// <paramref name="errors"/>. Both exporters are off unless asked for.</summary>
    private static LiveMetricsOptions ReadLiveMetrics(ParseResult parse, Option<string?> otlp, Option<string?> otlpProtocol,
        Option<string?> prometheus, List<string> errors)
    {
        var live = new LiveMetricsOptions();
        var url = parse.GetValue(otlp);
        if (url is not null)
        {
            // The URL is not echoed: a collector's URL may carry credentials.
            if (Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) && u.Host.Length > 0)
                live = live with { OtlpEndpoint = u };
            else
                errors.Add("--otlp: expected an absolute http:// or https:// URL of an OTLP collector, e.g. http://127.0.0.1:4317");
        }
        if (parse.GetValue(otlpProtocol) is { } p)
        {
            if (!LiveMetricsOptions.TryParseProtocol(p, out var protocol)) errors.Add($"--otlp-protocol: expected grpc or http, got '{p}'");
            else if (url is null) errors.Add("--otlp-protocol: needs --otlp URL");
            else live = live with { OtlpProtocol = protocol };
        }
        if (parse.GetValue(prometheus) is { } port)
        {
            if (int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 65535)
                live = live with { PrometheusPort = n };
            else
                errors.Add($"--prometheus: expected a port from 1 to 65535, got '{port}'");
        }
        return live;
    }

    private static string NewReportFolder()
    {
        var baseName = Path.Combine("reports", DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        var name = baseName;
        for (var i = 2; Directory.Exists(name); i++) name = $"{baseName}-{i}";
        return name;
    }

    private static void PrintSummary(IAnsiConsole console, RunResult r)
    {
        var table = new Table().AddColumns("latency (ms)", "count", "p50", "p90", "p99", "p99.9", "max");
        foreach (var (key, s) in r.Latency.OrderBy(k => k.Key, StringComparer.Ordinal))
            table.AddRow(key, s.Count.ToString("N0", CultureInfo.InvariantCulture), F(s.P50), F(s.P90), F(s.P99), F(s.P999), F(s.Max));
        table.AddRow("generator lag", r.GeneratorLag.Count.ToString("N0", CultureInfo.InvariantCulture), F(r.GeneratorLag.P50), F(r.GeneratorLag.P90),
            F(r.GeneratorLag.P99), F(r.GeneratorLag.P999), F(r.GeneratorLag.Max));
        console.Write(table);
        var o = r.Operations;
        console.MarkupLineInterpolated($"operations: offered {o.Offered:N0}, completed {o.Completed:N0}, failed {o.Failed:N0}, dropped {o.Dropped:N0}; throughput {r.ThroughputOps:N1} ops/s");
        console.MarkupLineInterpolated($"resources: cpu {r.Resources.CpuS:N1} s, peak working set {r.Resources.PeakWorkingSetMb:N0} MB; tree started in {r.Topology.StartMs:N0} ms");
        foreach (var t in r.Thresholds)
            console.MarkupLine($"{(t.Passed ? "[green]PASS[/]" : "[red]FAIL[/]")} {Markup.Escape(t.Expr)} (value {Markup.Escape(t.Value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "none")})");
    }

    private static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
}
