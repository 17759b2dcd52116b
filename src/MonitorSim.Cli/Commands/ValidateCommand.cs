using System.CommandLine;
using System.Globalization;
using MonitorSim.Cli.Options;
using MonitorSim.Cli.Output;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Replay;
using MonitorSim.Load.Scenarios;
using Spectre.Console;

namespace MonitorSim.Cli.Commands;

/// <summary>
/// <c>monitorsim validate SCENARIO|LOG [--scenario S] [--columns F=C,…] [--timezone ±HH:MM] [--tolerance D]</c>: reads a
/// scenario (and resolves it against its topology: streams planned, feeds matched) or an incident log, and prints what
/// would run, without starting a tree. Exit 0 when it is good, 2 when it is not (every error with its file and line).
/// </summary>
public static class ValidateCommand
{
    /// <summary>Rejected lines printed one by one; the rest are counted.</summary>
    private const int ShownRejects = 20;

    public static Command Create(IAnsiConsole console)
    {
        var file = new Argument<string>("file") { Description = "A scenario (.yaml, .yml) or an incident log (.csv, .jsonl, optionally .gz)" };
        var scenario = new Option<string?>("--scenario") { Description = $"For a log: the scenario whose topology its sources must exist in (default {RunCommand.DefaultScenario})" };
        var columns = new Option<string?>("--columns") { HelpName = "FIELD=COLUMN,…", Description = "For a log: the file's own names for the log's fields (as replay --columns)" };
        var timezone = new Option<string?>("--timezone") { HelpName = "±HH:MM", Description = "For a log: offset of timestamps written without one (as replay --timezone)" };
        var tolerance = TypedOptions.Duration("--tolerance", "For a log: how far a timestamp may go back before the line is rejected (default 1s)", allowZero: true);
        var command = new Command("validate", "Check a scenario or an incident log without running it, and print what would run")
        {
            file, scenario, columns, timezone, tolerance,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (IsScenario(path)) return ValidateScenario(console, path);
            var errors = new List<string>();
            var options = LogReadOptions.Parse(parse.GetValue(columns), parse.GetValue(timezone), errors);
            if (errors.Count > 0) return Invalid(console, path, errors);
            return ValidateLog(console, path, parse.GetValue(scenario) ?? RunCommand.DefaultScenario, options,
                parse.GetValue(tolerance) ?? ReplaySettings.DefaultTolerance);
        });
        return command;
    }

    private static bool IsScenario(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    private static int ValidateScenario(IAnsiConsole console, string path)
    {
        if (!ScenarioFile.TryLoad(console, path, out var s)) return Invalid(console, path, []);
        CityTopology topology;
        IReadOnlyList<StreamPlan> plans;
        try
        {
            topology = TopologyBuilder.Build(s.Topology, s.Seed);
            plans = LoadPlanner.Plan(s, topology);
        }
        catch (ScenarioException e)
        {
            return Invalid(console, path, e.Errors.Select(x => x.ToString()));
        }
        var measuredS = (s.Duration - s.WarmUp).TotalSeconds;
        console.MarkupLineInterpolated($"scenario {s.Name} ({path}): duration {Durations.Format(s.Duration)}, warm-up {Durations.Format(s.WarmUp)} (measured window {measuredS:0.###} s), load factor {s.LoadFactor:0.###}, clock compression {s.Compression:0.###}×, seed {s.Seed}, store {s.Store.Display}");
        console.MarkupLineInterpolated($"topology: {topology.Platforms.Count:N0} platforms, {topology.Points.Count:N0} points, {topology.CameraCount:N0} cameras (seed {s.Seed})");
        var table = new Table().AddColumns("stream", "operation", "rate /s", "basis", "expected in the run", "expected in the measured window");
        foreach (var p in plans)
        {
            var (run, measured) = p.Reactive || p.Schedule.IsClosed ? ("—", "—") : Arrivals(p, s.Duration, s.WarmUp);
            table.AddRow(Markup.Escape(p.Name), Markup.Escape(p.Target?.Name ?? OperationNames.Of(p.Kind)), N(p.MeanRate), Markup.Escape(p.Basis), run, measured);
        }
        console.Write(table);
        console.MarkupLine("[grey]expected counts: the arrivals the schedule plans (the same seeded schedule a run offers), in the whole run and after the warm-up; — for a stream that reacts to the tree (re-registration) or a closed model (as many as the system completes)[/]");
        foreach (var t in s.Thresholds)
            console.MarkupLineInterpolated($"threshold: {t.Text}{(t.Abort ? " (abort: stops the run when it fails)" : "")}{(t.Line > 0 ? $" (line {t.Line})" : "")}");
        foreach (var f in s.Faults)
            console.MarkupLineInterpolated($"fault: at {Durations.Format(f.At)} {Describe(f)}{(f.Line > 0 ? $" (line {f.Line})" : "")}");
        if (s.Supervision is not null) console.MarkupLine("supervision: the supervision year runs beside the streams");
        var nodes = s.Faults.SelectMany(f => f.Nodes).DefaultIfEmpty(1).Max();
        console.Verdict("VALID", $"scenario {s.Name}: {s.Streams.Count} stream(s){(plans.Count > s.Streams.Count ? $" (and {plans.Count - s.Streams.Count} built in)" : "")}, {s.Thresholds.Count} threshold(s), {s.Faults.Count} fault(s)" +
            $"{(nodes > 1 ? $", needs --nodes {nodes} or more" : "")}; nothing was run (exit {ExitCodes.Passed})", good: true);
        return ExitCodes.Of(Outcome.Held);
    }

    private static int ValidateLog(IAnsiConsole console, string path, string scenarioPath, LogReadOptions options, TimeSpan tolerance)
    {
        if (!ScenarioFile.TryLoad(console, scenarioPath, out var s)) return Invalid(console, path, [$"--scenario: {scenarioPath} is not a valid scenario"]);
        var topology = TopologyBuilder.Build(s.Topology, s.Seed);
        var perKind = new Dictionary<OperationKind, long>();
        var rejects = new Dictionary<RejectReason, long>();
        var shown = new List<string>();
        long valid = 0, first = long.MaxValue, last = long.MinValue;
        LogFormat format;
        long lines;
        IReadOnlyList<string> ignored;
        try
        {
            using var reader = new IncidentLogReader(path, new SourceMap(topology), tolerance, options);
            format = reader.Format;
            while (reader.Read(out var r))
            {
                if (!r.IsValid)
                {
                    rejects[r.Reason] = rejects.GetValueOrDefault(r.Reason) + 1;
                    if (shown.Count < ShownRejects)
                        shown.Add($"{path}:{r.Line}: {(r.Field is { Length: > 0 } f ? f + ": " : "")}{RejectReasons.Name(r.Reason)}: {r.Message}");
                    continue;
                }
                valid++;
                perKind[r.Kind] = perKind.GetValueOrDefault(r.Kind) + 1;
                first = Math.Min(first, r.UtcTicks);
                last = Math.Max(last, r.UtcTicks);
            }
            lines = reader.LinesRead;
            ignored = reader.IgnoredColumns;
        }
        catch (LogFormatException e) { return Invalid(console, path, [e.Message]); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Invalid(console, path, [$"{path}: cannot read: {e.Message}"]); }

        var rejected = rejects.Values.Sum();
        console.MarkupLineInterpolated($"log {path} ({(format == LogFormat.Csv ? "CSV" : "JSON Lines")}), sources checked against {s.Name} ({scenarioPath}, seed {s.Seed}): {lines:N0} lines, {valid:N0} events, {rejected:N0} rejected");
        if (valid > 0)
        {
            var span = TimeSpan.FromTicks(last - first);
            console.MarkupLineInterpolated($"span: {new DateTime(first, DateTimeKind.Utc):yyyy-MM-ddTHH:mm:ssZ} to {new DateTime(last, DateTimeKind.Utc):yyyy-MM-ddTHH:mm:ssZ} ({span.TotalSeconds:N0} s)");
        }
        foreach (var (kind, n) in perKind.OrderBy(p => OperationNames.Of(p.Key), StringComparer.Ordinal))
            console.MarkupLineInterpolated($"type {OperationNames.Of(kind)}: {n:N0}");
        if (ignored.Count > 0) console.MarkupLineInterpolated($"ignored columns: {string.Join(", ", ignored)}");
        foreach (var (reason, n) in rejects.OrderBy(p => p.Key)) console.MarkupLineInterpolated($"rejected as {RejectReasons.Name(reason)}: {n:N0}");
        if (rejected > 0 || valid == 0)
        {
            foreach (var line in shown) console.Error($"{line}");
            if (rejected > shown.Count) console.Error($"{path}: {rejected - shown.Count:N0} more rejected line(s) not shown");
            if (valid == 0) console.Error($"{path}: no valid event: nothing to replay");
            console.Verdict("INVALID", $"log {path}: {rejected:N0} of {lines:N0} lines rejected{(valid == 0 ? ", no valid event" : "")}; replay would skip them, replay --strict would refuse the log (exit {ExitCodes.BadInput})", good: false);
            return ExitCodes.Of(Outcome.BadInput);
        }
        console.Verdict("VALID", $"log {path}: {valid:N0} events of {perKind.Count} type(s), none rejected; nothing was run (exit {ExitCodes.Passed})", good: true);
        return ExitCodes.Of(Outcome.Held);
    }

    private static int Invalid(IAnsiConsole console, string path, IEnumerable<string> errors)
    {
        foreach (var e in errors) console.Error($"{e}");
        console.Verdict("INVALID", $"{path}: see the errors above; nothing was run (exit {ExitCodes.BadInput})", good: false);
        return ExitCodes.Of(Outcome.BadInput);
    }

    /// <summary>The planned arrivals of <paramref name="plan"/> in the whole run and after the warm-up, counted by walking
    /// its schedule (deterministic, computed from the scenario alone).</summary>
    private static (string Run, string Measured) Arrivals(StreamPlan plan, TimeSpan duration, TimeSpan warmUp)
    {
        var (end, measuredFrom) = (LoadPlanner.Ticks(duration), LoadPlanner.Ticks(warmUp));
        long all = 0, measured = 0;
        foreach (var sequence in plan.Schedule.Steps)
        {
            for (var t = sequence.Next(out _); t < end; t = sequence.Next(out _))
            {
                all++;
                if (t >= measuredFrom) measured++;
            }
        }
        return (Count(all), Count(measured));
    }

    private static string Describe(FaultDefinition f) => f.Target switch
    {
        FaultTarget.Node => $"kill_node {f.Node}",
        FaultTarget.NodeFreeze => $"freeze_node {f.Node} for {Durations.Format(f.DownFor)}",
        FaultTarget.Partition => $"partition [{f.Node}, {f.PeerNode}] for {Durations.Format(f.DownFor)}",
        FaultTarget.Store => $"store_unavailable for {Durations.Format(f.DownFor)}",
        FaultTarget.ProvinceLink => $"cut_province_link of {f.City} for {Durations.Format(f.DownFor)}",
        FaultTarget.Province => $"restart the province platform for {Durations.Format(f.DownFor)}",
        _ => $"restart {(f.Largest ? "the largest platform" : f.PlatformId is { } p ? $"platform {p}" : "the city")}{(f.City is { } c ? $" of {c}" : "")} for {Durations.Format(f.DownFor)}",
    };

    private static string N(double v) => v.ToString("#,0.###", CultureInfo.InvariantCulture);

    private static string Count(double v) => Math.Round(v).ToString("#,0", CultureInfo.InvariantCulture);
}
