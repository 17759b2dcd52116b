using System.CommandLine;
using System.Globalization;
using MonitorSim.Cli.Logging;
using MonitorSim.Cli.Running;
using MonitorSim.Cli.Running.Generators;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Scenarios;
using Spectre.Console;
using TreeNode = MonitorSim.Cluster.Hosting.TreeNode;

namespace MonitorSim.Cli.Commands;

/// <summary>
/// <c>monitorsim node --seed HOST:PORT [SCENARIO] [--role tree|load] [--port P] [--hostname H] [--store S] [--topology-seed N]
/// [--tls-cert F --tls-password P --tls-ca F]</c>: joins a run's cluster and hosts its share of the platforms until it is
/// stopped (Ctrl-C), downed, or — when a coordinator started it — the coordinator goes away.
/// </summary>
public static class NodeCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var scenario = new Argument<string?>("scenario") { Arity = ArgumentArity.ZeroOrOne, Description = $"The run's scenario file (default {RunCommand.DefaultScenario}): every node must run the same city" };
        var seeds = new Option<string[]>("--seed") { Description = "A seed node of the cluster, HOST:PORT (repeatable); the coordinator of a run is one", Required = true, AllowMultipleArgumentsPerToken = false };
        var roles = new Option<string[]>("--role") { Description = "tree (hosts platforms; default) or load" };
        var port = new Option<int>("--port") { Description = "Remoting port (default 0: a free one)", DefaultValueFactory = _ => 0 };
        var hostname = new Option<string?>("--hostname") { Description = "Where remoting listens and what it advertises (default 127.0.0.1)" };
        var store = StoreOption.Create("The run's store: sqlite, sqlite:PATH or postgres://…");
        var topologySeed = new Option<int?>("--topology-seed") { Description = "The run's seed, when it overrides the scenario's" };
        var log = new Option<string?>("--log") { Description = "Write the node's log to this file" };
        var clock = new Option<string?>("--clock") { Description = "SIM@WALLUTC: the coordinator's sim clock reading", Hidden = true };
        var parentPid = new Option<int?>("--parent-pid") { Description = "Exit when this process is gone", Hidden = true };
        var exitWithStdin = new Option<bool>("--exit-with-stdin") { Description = "Exit when stdin closes", Hidden = true };
        var tls = TlsOptions.Create();
        var command = new Command("node", "Join a MonitorSim cluster and host a share of the monitoring tree")
        {
            scenario, seeds, roles, port, hostname, store.Option, topologySeed, log, clock, parentPid, exitWithStdin, tls.Cert, tls.Password, tls.Ca,
        };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(scenario) ?? RunCommand.DefaultScenario;
            if (!ScenarioFile.TryLoad(console, path, out var definition)) return ExitCodes.BadInput;
            var errors = new List<string>();
            if (parse.GetValue(topologySeed) is { } ts) definition = definition with { Seed = ts };
            definition = store.Apply(parse, definition, errors);
            var roleList = parse.GetValue(roles) is { Length: > 0 } r ? r : [ClusterMembership.TreeRole];
            foreach (var role in roleList.Where(x => x is not (ClusterMembership.TreeRole or ClusterMembership.LoadRole)))
                errors.Add($"--role: '{role}' is not a role (tree, load)");
            var seedList = parse.GetValue(seeds) ?? [];
            foreach (var s in seedList.Where(s => !IsHostPort(s)))
                errors.Add($"--seed: '{s}' is not HOST:PORT");
            var tlsSettings = tls.Read(parse, errors);
            (DateTime SimAt, DateTime WallUtc)? reading = null;
            if (parse.GetValue(clock) is { } c)
            {
                var parts = c.Split('@');
                if (parts.Length == 2
                    && DateTime.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.None, out var simAt)
                    && DateTime.TryParse(parts[1], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var wall))
                    reading = (simAt, wall);
                else
                    errors.Add($"--clock: '{c}' is not SIM@WALLUTC");
            }
            if (errors.Count > 0)
            {
                foreach (var e in errors) console.MarkupLineInterpolated($"[red]error:[/] {e}");
                return ExitCodes.BadInput;
            }

            var topology = TopologyBuilder.Build(definition.Topology, definition.Seed);
            var simClock = new SimClock(definition.SimStart, definition.Compression);
            if (reading is { } rd) simClock.Adopt(rd.SimAt, rd.WallUtc);
            using var logger = parse.GetValue(log) is { } logPath ? new FileLoggerProvider(logPath) : null;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var gone = ParentWatch.WhenGoneAsync(parse.GetValue(parentPid), parse.GetValue(exitWithStdin), stop.Token);
            TreeNode node;
            try
            {
                node = await TreeNode.StartAsync(new TreeNodeOptions(topology, TreeSetup.Rules(definition), simClock, StoreSettings.Parse(definition.Store),
                    definition.Monitoring.SweepInterval, parse.GetValue(hostname) ?? RemotingSecurity.DefaultHostname, parse.GetValue(port), logger,
                    Membership: ClusterMembership.Joining(seedList, roleList), Tls: tlsSettings, Partitionable: TreeSetup.Partitionable(definition)), stop.Token);
            }
            catch (Exception e) when (e is TreeStartException or TlsSettingsException)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return ExitCodes.BadInput;
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Passed;
            }
            await using (node)
            {
                // A node with the load role drives its share of the population when the coordinator says so.
                if (roleList.Contains(ClusterMembership.LoadRole))
                    node.System.ActorOf(LoadAgent.Props(definition, topology, node.CreateTree), LoadAgent.Name);
                var self = Akka.Cluster.Cluster.Get(node.System).SelfAddress;
                console.MarkupLineInterpolated($"node up: {self} (roles {string.Join(", ", roleList)}), topology {TopologyBuilder.Fingerprint(topology)}, store {StoreSettings.Parse(definition.Store).Display}");
                // Runs until stopped, downed by the cluster (the system terminates), or orphaned.
                await Task.WhenAny(gone, node.System.WhenTerminated, Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default));
                stop.Cancel();
                console.MarkupLineInterpolated($"node {self} stopping");
            }
            return ExitCodes.Passed;
        });
        return command;
    }

    internal static bool IsHostPort(string s)
    {
        var colon = s.LastIndexOf(':');
        return colon > 0 && int.TryParse(s.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 65535;
    }
}
