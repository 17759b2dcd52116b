using MonitorSim.Cli.Output;
using System.CommandLine;
using System.Globalization;
using MonitorSim.Cli.Options;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Harness.Nodes;
using Spectre.Console;

namespace MonitorSim.Cli.Commands;

/// <summary>
/// <c>monitorsim node --seed HOST:PORT [SCENARIO] [--role tree|load] [--port P] [--hostname H] [--store S] [--topology-seed N]
/// [--tls-cert F [--tls-key K] --tls-ca F]</c>: joins a run's cluster and hosts its share of the platforms until it is
/// stopped (Ctrl-C), downed, or — when a coordinator started it — the coordinator goes away. Its options parse into
/// <see cref="WorkerNodeOptions"/>, the same record a coordinator renders into the command line of its local workers.
/// </summary>
public static class NodeCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var options = new NodeOptionSet();
        options.Command.SetAction(async (parse, ct) =>
        {
            var errors = new List<string>();
            var node = options.Read(parse, errors);
            if (!ScenarioFile.TryLoad(console, node.ScenarioPath, out var definition)) return ExitCodes.BadInput;
            if (errors.Count > 0)
            {
                foreach (var e in errors) console.Error($"{e}");
                return ExitCodes.BadInput;
            }
            definition = definition with { Seed = node.TopologySeed ?? definition.Seed, Store = node.Store ?? definition.Store };
            if (node.AlarmClearAfter is { } clear) definition = definition with { Monitoring = definition.Monitoring with { AlarmClearAfter = clear } };
            try
            {
                await WorkerNode.RunAsync(node, definition, line => console.MarkupLineInterpolated($"{line}"), ct);
            }
            catch (TlsSettingsException e)
            {
                console.Error($"{e.Message}");
                return ExitCodes.Of(Outcome.BadInput);
            }
            catch (TreeStartException e)
            {
                // It could not join or start its share of the tree: the environment failed, not the input.
                console.Error($"the node failed: {e.Message}");
                return ExitCodes.Of(Outcome.RunFailed);
            }
            return ExitCodes.Passed;
        });
        return options.Command;
    }

    internal static bool IsHostPort(string s)
    {
        var colon = s.LastIndexOf(':');
        return colon > 0 && int.TryParse(s.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 65535;
    }
}

/// <summary>The options of <c>monitorsim node</c>, and how they read into <see cref="WorkerNodeOptions"/>.</summary>
internal sealed class NodeOptionSet
{
    private readonly Argument<string?> _scenario = new("scenario") { Arity = ArgumentArity.ZeroOrOne, Description = $"The run's scenario file (default {RunCommand.DefaultScenario}): every node must run the same city" };
    private readonly Option<string[]> _seeds = new("--seed") { Description = "A seed node of the cluster, HOST:PORT (repeatable); the coordinator of a run is one", Required = true, AllowMultipleArgumentsPerToken = false };
    private readonly Option<string[]> _roles = new("--role") { Description = "tree (hosts platforms; default) or load" };
    private readonly Option<int?> _port = TypedOptions.Whole("--port", "Remoting port (default 0: a free one)", 0, 65535);
    private readonly Option<string?> _hostname = new("--hostname") { Description = "Where remoting listens and what it advertises (default 127.0.0.1)" };
    private readonly StoreOptions _store = TypedOptions.Store("The run's store: sqlite, sqlite:PATH, postgres://… or memory");
    private readonly Option<int?> _topologySeed = new("--topology-seed") { Description = "The run's seed, when it overrides the scenario's" };
    private readonly Option<string?> _log = new("--log") { Description = "Write the node's log to this file" };
    private readonly Option<string?> _clock = new("--clock") { Description = "SIM@WALLUTC: the coordinator's sim clock reading", Hidden = true };
    private readonly Option<int?> _parentPid = new("--parent-pid") { Description = "Exit when this process is gone", Hidden = true };
    private readonly Option<bool> _exitWithStdin = new("--exit-with-stdin") { Description = "Exit when stdin closes", Hidden = true };
    private readonly Option<string[]> _citySeeds = new("--city-seed") { Description = "A province (topology.cities): NAME=HOST:PORT of a city's cluster to join (repeatable, in the order to join them)", AllowMultipleArgumentsPerToken = false };
    private readonly Option<long?> _alarmClearAfterMs = new("--alarm-clear-after-ms") { Description = "The run's alarm clear time in ms, when it overrides the scenario's", Hidden = true };
    private readonly Option<string?> _province = new("--province") { Description = "A province: the province platform's actor path, where the city platforms hosted here register" };
    private readonly TlsOptions _tls = TlsOptions.Create();

    public NodeOptionSet()
    {
        Command = new Command("node", "Join a MonitorSim cluster and host a share of the monitoring tree")
        {
            _scenario, _seeds, _roles, _port, _hostname, _store.Address, _store.File, _topologySeed, _log, _clock, _parentPid, _exitWithStdin, _citySeeds, _province, _alarmClearAfterMs,
        };
        foreach (var option in _tls.All) Command.Options.Add(option);
    }

    public Command Command { get; }

    /// <summary>The node's options; what is wrong goes to <paramref name="errors"/>. <paramref name="environment"/> looks
    /// up the store and TLS password a coordinator hands its workers (default: this process's environment).</summary>
    public WorkerNodeOptions Read(ParseResult parse, List<string> errors, Func<string, string?>? environment = null)
    {
        var roles = parse.GetValue(_roles) is { Length: > 0 } r ? r : [ClusterMembership.TreeRole];
        foreach (var role in roles.Where(x => x is not (ClusterMembership.TreeRole or ClusterMembership.LoadRole)))
            errors.Add($"--role: '{role}' is not a role (tree, load)");
        var seeds = parse.GetValue(_seeds) ?? [];
        foreach (var s in seeds.Where(s => !NodeCommand.IsHostPort(s)))
            errors.Add($"--seed: '{s}' is not HOST:PORT");
        var citySeeds = parse.GetValue(_citySeeds) is { Length: > 0 } cs ? cs : null;
        foreach (var seed in citySeeds ?? [])
        {
            var eq = seed.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !NodeCommand.IsHostPort(seed[(eq + 1)..])) errors.Add($"--city-seed: '{seed}' is not NAME=HOST:PORT");
        }
        var province = parse.GetValue(_province);
        if ((citySeeds is null) != (province is null)) errors.Add("--city-seed and --province go together (a province's node joins each city's cluster and registers with the province)");
        (DateTime SimAt, DateTime WallUtc)? reading = null;
        if (parse.GetValue(_clock) is { } c)
        {
            if (WorkerNodeOptions.TryParseClock(c, out var value)) reading = value;
            else errors.Add($"--clock: '{c}' is not SIM@WALLUTC");
        }
        return new WorkerNodeOptions(parse.GetValue(_scenario) ?? RunCommand.DefaultScenario, seeds, roles,
            parse.GetValue(_hostname) ?? RemotingSecurity.DefaultHostname, parse.GetValue(_port) ?? 0, _store.Read(parse, errors, environment),
            parse.GetValue(_topologySeed), reading, _tls.Read(parse, errors, environment), parse.GetValue(_log), parse.GetValue(_parentPid),
            parse.GetValue(_exitWithStdin), citySeeds, province, AlarmClearAfter(parse, errors));
    }

    private TimeSpan? AlarmClearAfter(ParseResult parse, List<string> errors)
    {
        if (parse.GetValue(_alarmClearAfterMs) is not { } ms) return null;
        if (ms > 0) return TimeSpan.FromMilliseconds(ms);
        errors.Add($"--alarm-clear-after-ms: must be > 0, got {ms}");
        return null;
    }
}
