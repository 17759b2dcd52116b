using MonitorSim.Cli.Output;
using MonitorSim.Harness.Isolation;
using System.CommandLine;
using MonitorSim.Sip.Diagnostics;
using MonitorSim.Sip.Platform;
using MonitorSim.Sip.Transport;
using Spectre.Console;

namespace MonitorSim.Cli.Commands;

/// <summary>
/// <c>monitorsim sip-platform --listen udp://127.0.0.1:5060 [--domain D] [--password-env VAR] [--cpus Q]</c>: the project's own
/// GB/T 28181 SIP platform (registrar with digest, keepalives, alarms) on its own, as the far end of a SIP capacity
/// test; prints its counters every 10 s until stopped.
/// </summary>
public static class SipPlatformCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var listen = new Option<string>("--listen") { Description = "udp://HOST:PORT or tcp://HOST:PORT", Required = true };
        var domain = new Option<string>("--domain") { Description = "10-digit SIP domain (digest realm)", DefaultValueFactory = _ => "3203000000" };
        var passwordEnv = new Option<string>("--password-env")
        {
            Description = "Environment variable holding the password devices must answer with",
            DefaultValueFactory = _ => "MONITORSIM_SIP_PASSWORD",
        };
        var cpus = new Option<double?>("--cpus")
        {
            Description = "Cap this process at this many cores through a Linux cgroup CPU quota (needs root), e.g. 1, so that a load generator on the same machine keeps the rest",
        };
        var command = new Command("sip-platform", "Run the project's GB/T 28181 SIP platform alone (the far end of a SIP load test)")
        {
            listen, domain, passwordEnv, cpus,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (!SipTarget.TryParse(parse.GetValue(listen), out var target, out var problem))
            {
                console.Error($"--listen: {problem}");
                return ExitCodes.BadInput;
            }
            var env = parse.GetValue(passwordEnv)!;
            if (Environment.GetEnvironmentVariable(env) is not { } password)
            {
                console.Error($"--password-env: environment variable {env} is not set");
                return ExitCodes.BadInput;
            }
            using var capped = Cap(parse.GetValue(cpus), out var capProblem);
            if (capProblem is not null)
            {
                console.Error($"--cpus: {capProblem}");
                return ExitCodes.BadInput;
            }
            if (capped is not null) console.MarkupLineInterpolated($"capped at {capped.Cores:0.###} cores ({capped.Path})");
            await using var platform = SipPlatform.Start(new SipPlatformOptions
            {
                Listen = target!,
                Domain = parse.GetValue(domain)!,
                Password = password,
                Log = line => console.MarkupLineInterpolated($"[yellow]{line}[/]"),
            });
            console.MarkupLineInterpolated($"SIP platform listening on {platform.Address} (domain {parse.GetValue(domain)}); Ctrl-C stops it");
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
            try
            {
                while (await timer.WaitForNextTickAsync(ct))
                {
                    var c = platform.Counters;
                    console.WriteLine(FormattableString.Invariant(
                        $"{DateTime.Now:HH:mm:ss} registered {platform.Registrations.Count:N0}, requests {c[SipEvent.RequestsReceived]:N0}, keepalives {platform.Keepalives:N0}, alarms {platform.Alarms:N0}, problems {c.ProblemCount:N0}"));
                }
            }
            catch (OperationCanceledException)
            {
                // stopped
            }
            return ExitCodes.Passed;
        });
        return command;
    }

    /// <summary>
    /// Moves this process into a cgroup of its own capped at <paramref name="cores"/> (null: no cap). Disposing the group
    /// moves the process back and removes it.
    /// </summary>
    private static CpuGroup? Cap(double? cores, out string? problem)
    {
        problem = null;
        if (cores is not { } q) return null;
        if (!(double.IsFinite(q) && q > 0 && q <= Environment.ProcessorCount))
        {
            problem = FormattableString.Invariant($"must be > 0 and at most this machine's {Environment.ProcessorCount} cores, got {q}");
            return null;
        }
        var (cgroups, why) = CpuCgroups.Detect();
        if (cgroups is null)
        {
            problem = why;
            return null;
        }
        CpuGroup? group = null;
        try
        {
            group = cgroups.Create($"monitorsim-sip-platform-{Environment.ProcessId}", q);
            group.AddProcess(Environment.ProcessId);
            return group;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            group?.Dispose();
            problem = $"cannot cap this process in {cgroups.Version} at {cgroups.Root}: {e.Message}";
            return null;
        }
    }
}
