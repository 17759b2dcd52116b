using MonitorSim.Cli.Output;
using System.CommandLine;
using System.Globalization;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Replay;
using MonitorSim.Load.Scenarios;
using Spectre.Console;

namespace MonitorSim.Cli.Commands;

/// <summary><c>monitorsim generate [--scenario S] --duration D --out FILE [--start T] [--seed N] [--outage platform=P,at=HH:mm,for=D]…</c>:
/// a realistic incident log (CSV; .gz compresses) from a scenario, deterministic by seed.</summary>
public static class GenerateCommand
{
    /// <summary>Xuzhou's offset from UTC (China Standard Time, no daylight saving).</summary>
    private static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    public static Command Create(IAnsiConsole console)
    {
        var scenario = new Option<string?>("--scenario") { Description = $"Scenario giving the topology, rates, alarm mix and office hours (default {RunCommand.DefaultScenario})" };
        var duration = new Option<string>("--duration") { Description = "Log length in sim time, e.g. 1d, 8h, 30m", Required = true };
        var output = new Option<string>("--out") { Description = "The log file to write (CSV; a .gz name compresses it)", Required = true };
        var start = new Option<string?>("--start") { Description = "First instant: ISO timestamp with offset (default: the scenario's start day at 00:00+08:00)" };
        var seed = new Option<int?>("--seed") { Description = "Seed for the topology and the log (default the scenario's)" };
        var outage = new Option<string[]>("--outage") { Description = "An incident: platform=P,at=HH:mm,for=DURATION (repeatable)", AllowMultipleArgumentsPerToken = false };
        var command = new Command("generate", "Write a realistic incident log from a scenario (office-hours profile, peaks, incidents)")
        {
            scenario, duration, output, start, seed, outage,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(scenario) ?? RunCommand.DefaultScenario;
            if (!ScenarioFile.TryLoad(console, path, out var definition)) return ExitCodes.BadInput;
            var errors = new List<string>();
            if (parse.GetValue(seed) is { } s) definition = definition with { Seed = s };
            var text = parse.GetValue(duration)!;
            if (!Durations.TryParse(text, out var length) || length <= TimeSpan.Zero) errors.Add($"--duration: '{text}' is not a positive duration (e.g. 1d, 8h, 30m)");
            var first = new DateTimeOffset(definition.SimStart.Date, ChinaStandardTime);
            if (parse.GetValue(start) is { } st)
            {
                if (LogTimestamp.TryParse(System.Text.Encoding.UTF8.GetBytes(st), out var utc, out var off, out var err))
                    first = new DateTimeOffset(utc + off * TimeSpan.TicksPerMinute, TimeSpan.FromMinutes(off));
                else errors.Add($"--start: '{st}': {err}");
            }
            var topology = TopologyBuilder.Build(definition.Topology, definition.Seed);
            var outages = new List<Outage>();
            foreach (var o in parse.GetValue(outage) ?? [])
            {
                if (Outage.Parse(o, out var err) is not { } parsed) errors.Add($"--outage: {err}");
                else if (parsed.Platform >= topology.Platforms.Count) errors.Add($"--outage: platform {parsed.Platform}: the topology has platforms 0 … {topology.Platforms.Count - 1}");
                else outages.Add(parsed);
            }
            if (errors.Count > 0)
            {
                foreach (var e in errors) console.Error($"{e}");
                return ExitCodes.BadInput;
            }
            var file = parse.GetValue(output)!;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Dictionary<Domain.Operations.OperationKind, long> counts;
            try
            {
                using var writer = new IncidentLogWriter(file);
                counts = LogGenerator.Generate(definition, topology, first, length, outages, writer);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                console.Error($"--out: cannot write {file}: {e.Message}");
                return ExitCodes.BadInput;
            }
            var total = counts.Values.Sum();
            var perKind = string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{OperationNames.Of(c.Key)} {c.Value:N0}"));
            console.MarkupLineInterpolated($"generated {total:N0} events in {watch.Elapsed.TotalSeconds:N1} s: {perKind}");
            var incidents = outages.Count > 0 ? "; outages: " + string.Join("; ", outages.Select(o => $"platform {o.Platform} at {o.At:HH\\:mm} for {Durations.Format(o.For)}")) : "";
            console.MarkupLineInterpolated($"from {first:yyyy-MM-dd HH:mm:sszzz} for {Durations.Format(length)}, {definition.Name} topology (seed {definition.Seed}: {topology.Platforms.Count} platforms, {topology.Points.Count:N0} points, {topology.CameraCount:N0} cameras){incidents}");
            console.Files([file]);
            return ExitCodes.Passed;
        });
        return command;
    }
}
