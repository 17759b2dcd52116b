using MonitorSim.Cli.Output;
using System.CommandLine;
using System.Globalization;
using MonitorSim.Cli.Options;
using MonitorSim.Cli.Progress;
using MonitorSim.Harness;
using MonitorSim.Harness.Runs;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Replay;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;
using Spectre.Console;

namespace MonitorSim.Cli.Commands;

/// <summary><c>monitorsim replay LOG [--speed N | --max-speed] [--from T] [--to T] [--scenario S] [--strict] [--tolerance D]
/// [--max-in-flight N] [--out DIR] [--store S] [--seed N] [--columns F=C,…] [--timezone ±HH:MM]</c>: pushes an incident log through the tree with its timing.</summary>
public static class ReplayCommand
{
    /// <summary>A replay runs until its log is done; this only bounds a run whose log never ends.</summary>
    private static readonly TimeSpan Unbounded = TimeSpan.FromDays(366);

    public static Command Create(IAnsiConsole console)
    {
        var log = new Argument<string>("log") { Description = "Incident log: CSV or JSON Lines, optionally gzip-compressed (see docs/replay.md)" };
        var speed = new Option<double?>("--speed") { Description = "Log seconds per wall second, e.g. 60 = an hour in a minute (default 1: the original timing)" };
        var maxSpeed = new Option<bool>("--max-speed") { Description = "As fast as the tree takes the events (bounded by --max-in-flight per event type)" };
        var from = new Option<string?>("--from") { Description = "Replay events at or after T: an ISO timestamp with offset, or HH:mm[:ss] on the log's first day" };
        var to = new Option<string?>("--to") { Description = "Replay events before T (same forms as --from)" };
        var scenario = new Option<string?>("--scenario") { Description = $"Scenario giving the topology, store, monitoring and thresholds (default {RunCommand.DefaultScenario})" };
        var strict = new Option<bool>("--strict") { Description = "Stop at the first bad line (exit 2), before the tree starts" };
        var tolerance = TypedOptions.Duration("--tolerance", "How far a timestamp may go back before the line is rejected (default 1s)", allowZero: true);
        var maxInFlight = new Option<int?>("--max-in-flight") { Description = $"Events of one type in flight at once; at the cap the replay waits (default {ReplaySettings.DefaultMaxSpeedInFlight:N0} at --max-speed, else the engine's)" };
        var output = new Option<string?>("--out") { Description = "Report folder (default reports/<timestamp>)" };
        var seed = new Option<int?>("--seed") { Description = "Seed for the topology (must match the one the log was written for)" };
        var store = TypedOptions.Store("sqlite, sqlite:PATH, postgres://… or memory");
        var record = new Option<string?>("--record") { HelpName = "FILE", Description = "Write every operation the replay offered, in the log format (to check a replay against its log)" };
        var columns = new Option<string?>("--columns") { HelpName = "FIELD=COLUMN,…", Description = "The file's own names for the log's fields, e.g. timestamp=event_time,source=device_id (columns or JSON keys; others are ignored)" };
        var timezone = new Option<string?>("--timezone") { HelpName = "±HH:MM", Description = "Offset of timestamps written without one, e.g. +08:00 (default: such a line is rejected)" };
        var junit = RunEndingLines.JUnitOption();
        var command = new Command("replay", "Replay an incident log through the tree with its original timing, scaled")
        {
            log, speed, maxSpeed, from, to, scenario, strict, tolerance, maxInFlight, output, seed, store.Address, store.File, record, columns, timezone, junit,
        };
        var dashboard = DashboardCliOptions.Create();
        foreach (var option in dashboard.All) command.Options.Add(option);
        command.SetAction(async (parse, ct) =>
        {
            var logPath = parse.GetValue(log)!;
            var scenarioPath = parse.GetValue(scenario) ?? RunCommand.DefaultScenario;
            if (!ScenarioFile.TryLoad(console, scenarioPath, out var definition)) return ExitCodes.BadInput;
            var errors = new List<string>();
            if (parse.GetValue(seed) is { } s) definition = definition with { Seed = s };
            definition = definition with { Store = store.Read(parse, errors) ?? definition.Store };
            var max = parse.GetValue(maxSpeed);
            double? pace = 1;
            if (parse.GetValue(speed) is { } sp)
            {
                if (max) errors.Add("--speed and --max-speed: give one of them");
                else if (sp > 0 && double.IsFinite(sp)) pace = sp;
                else errors.Add($"--speed: must be > 0, got {sp.ToString(CultureInfo.InvariantCulture)}");
            }
            if (max) pace = null;
            var tol = parse.GetValue(tolerance) ?? ReplaySettings.DefaultTolerance;
            var window = parse.GetValue(maxInFlight);
            if (window is < 1) errors.Add($"--max-in-flight: must be at least 1, got {window}");
            var readOptions = LogReadOptions.Parse(parse.GetValue(columns), parse.GetValue(timezone), errors);
            var page = dashboard.Read(parse, errors, console.Profile.Capabilities.Interactive);
            if (errors.Count > 0) return Fail(console, errors);

            var topology = TopologyBuilder.Build(definition.Topology, definition.Seed);
            var sources = new SourceMap(topology);
            // The log's first event dates --from/--to given as a time of day, and starts the tree's sim clock.
            LogRecord first;
            LogFormat format;
            try
            {
                using var peek = new IncidentLogReader(logPath, sources, tol, readOptions);
                format = peek.Format;
                first = default;
                while (peek.Read(out var r)) if (r.IsValid) { first = r; break; }
                if (!first.IsValid || first.Line == 0)
                    return Fail(console, [$"{logPath}: no valid event in the log ({peek.LinesRead:N0} lines read); nothing to replay"]);
            }
            catch (LogFormatException e) { return Fail(console, [e.Message]); }
            var firstLocal = new DateTimeOffset(first.UtcTicks + first.OffsetMinutes * TimeSpan.TicksPerMinute, TimeSpan.FromMinutes(first.OffsetMinutes));
            var fromAt = ReadInstant(parse.GetValue(from), "--from", firstLocal, errors);
            var toAt = ReadInstant(parse.GetValue(to), "--to", firstLocal, errors);
            if (fromAt is { } a && toAt is { } b && b <= a) errors.Add($"--to: {b:O} is not after --from {a:O}");
            if (errors.Count > 0) return Fail(console, errors);

            if (parse.GetValue(strict))
            {
                // Checked in full before anything starts, so a strict replay never stops half-way through.
                using var check = new IncidentLogReader(logPath, sources, tol, readOptions);
                while (check.Read(out var r))
                    if (!r.IsValid)
                        return Fail(console, [$"{logPath}:{r.Line}: {(r.Field is { Length: > 0 } f ? f + ": " : "")}{RejectReasons.Name(r.Reason)}: {r.Message} (--strict)"]);
            }

            var settings = new ReplaySettings(pace, fromAt?.UtcTicks, toAt?.UtcTicks, tol,
                window ?? (pace is null ? ReplaySettings.DefaultMaxSpeedInFlight : 200_000));
            var outDir = parse.GetValue(output) ?? Path.Combine("reports", DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-replay");
            Directory.CreateDirectory(outDir);
            var rejectsPath = Path.Combine(outDir, "rejects.csv");
            // The tree's sim clock runs at the log's pace from the log's first event, so its timers (keepalive timeouts,
            // registration expiry) see the log's time; at maximum speed the pace is unknown and the scenario's stays.
            var replayScenario = definition with
            {
                WarmUp = TimeSpan.Zero,
                Duration = Unbounded,
                Compression = pace ?? definition.Compression,
                SimStart = (fromAt ?? firstLocal).DateTime,
                Supervision = null,
            };
            ReplayArrivals? arrivals = null;
            using var rejects = new RejectsWriter(rejectsPath);
            using var recorder = parse.GetValue(record) is { } recordPath ? new OperationRecordWriter(recordPath) : null;
            var hooks = new RunHooks(
                Plan: topo => ReplayPlanner.Plan(Path.GetFileName(logPath), settings,
                    routes => arrivals = new ReplayArrivals(new IncidentLogReader(logPath, new SourceMap(topo), tol, readOptions), topo, settings, routes, rejects.Write)),
                Recorder: recorder,
                Complete: result => result with { Replay = Result(arrivals!, result, logPath, format, settings, fromAt, toAt, rejectsPath) });

            var paceText = pace is { } p0 ? $"speed {p0:0.###}×" : "maximum speed";
            console.MarkupLine(Markup.Escape($"monitorsim replay {logPath} ({(format == LogFormat.Csv ? "CSV" : "JSON Lines")}) at {paceText} on {definition.Name} ({scenarioPath}), seed {definition.Seed}") + RunEndingLines.BuildNote());
            IRunProgress progress = new ConsoleProgress(console, Unbounded);
            await using var live = page is null ? null : await LiveDashboard.StartAsync(console, page, "replay", Path.GetFileName(logPath), progress, ct);
            if (page is not null && live is null) return ExitCodes.BadInput;
            RunResult result;
            try
            {
                result = await new RunJob(replayScenario, outDir, live?.Progress ?? progress, null, hooks).ExecuteAsync(ct);
            }
            catch (Exception e) when (e is LogFormatException or ScenarioException)
            {
                live?.Failed(e.Message);
                return Fail(console, [e.Message]);
            }
            finally
            {
                arrivals?.Dispose();
            }
            var rp = result.Replay!;
            console.MarkupLineInterpolated($"replay: {rp.LinesRead:N0} lines read, {rp.Replayed:N0} replayed, {rp.RejectedTotal:N0} rejected, {rp.OutsideWindow:N0} outside --from/--to; log span {rp.LogSpanS:N1} s");
            console.MarkupLineInterpolated($"replay lag (ms): p50 {rp.Lag.P50:0.00}, p99 {rp.Lag.P99:0.00}, max {rp.Lag.Max:0.00}");
            var o = result.Operations;
            console.MarkupLineInterpolated($"operations: offered {o.Offered:N0}, completed {o.Completed:N0}, failed {o.Failed:N0}, dropped {o.Dropped:N0}");
            foreach (var th in result.Thresholds)
                console.MarkupLine($"{(th.Passed ? "[green]PASS[/]" : "[red]FAIL[/]")} {Markup.Escape(th.Expr)} (value {Markup.Escape(th.Value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "none")})");
            live?.Finished(result, outDir);
            var code = RunEndingLines.Finish(console, "replay", result, outDir, parse.GetValue(junit), rejectsPath, parse.GetValue(record));
            if (live is not null) await live.KeepAsync(ct);
            return code;
        });
        return command;
    }

    private static ReplayResult Result(ReplayArrivals a, RunResult run, string log, LogFormat format, ReplaySettings settings,
        DateTimeOffset? from, DateTimeOffset? to, string rejectsPath)
    {
        DateTimeOffset? At(long utc, int offset) => new DateTimeOffset(utc + offset * TimeSpan.TicksPerMinute, TimeSpan.FromMinutes(offset));
        var span = a.Span;
        return new ReplayResult(log, format == LogFormat.Csv ? "csv" : "jsonl", log.EndsWith(".gz", StringComparison.OrdinalIgnoreCase),
            settings.Speed, from, to, settings.Tolerance.TotalSeconds, a.LinesRead, a.Replayed, a.OutsideWindow,
            RejectReasons.All.ToDictionary(RejectReasons.Name, r => a.Rejected[(int)r]),
            run.GeneratorLag,
            span is { } s1 ? At(s1.FirstUtc, s1.OffsetMinutes) : null, span is { } s2 ? At(s2.LastUtc, s2.OffsetMinutes) : null,
            LogEvents.Replayable.ToDictionary(OperationNames.Of, k => a.PerKind[(int)k]),
            Enumerable.Range(0, a.PerPlatform.Length).Where(i => a.PerPlatform[i] > 0).ToDictionary(i => i, i => a.PerPlatform[i]),
            "rejects.csv", a.IgnoredColumns);
    }

    /// <summary>An ISO timestamp with offset, or a time of day (HH:mm[:ss]) on the day of <paramref name="first"/>.</summary>
    private static DateTimeOffset? ReadInstant(string? text, string option, DateTimeOffset first, List<string> errors)
    {
        if (text is null) return null;
        if (TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            return new DateTimeOffset(first.Date + time.ToTimeSpan(), first.Offset);
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        if (LogTimestamp.TryParse(bytes, out var utc, out var offset, out var error))
            return new DateTimeOffset(utc + offset * TimeSpan.TicksPerMinute, TimeSpan.FromMinutes(offset));
        errors.Add($"{option}: '{text}': {error} (or a time of day, HH:mm, on the log's first day)");
        return null;
    }

    private static int Fail(IAnsiConsole console, IEnumerable<string> errors)
    {
        foreach (var e in errors) console.Error($"{e}");
        return ExitCodes.BadInput;
    }
}
