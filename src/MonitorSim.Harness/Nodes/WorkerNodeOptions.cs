using System.Globalization;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Domain.Storage;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Harness.Nodes;

/// <summary>
/// How one <c>monitorsim node</c> process joins a run: what <c>monitorsim node</c> parses its command line into, and
/// what a coordinator builds for the local worker nodes it starts. <see cref="ToCommandLine"/> is the one place that turns
/// the options back into a command line; the store address and the TLS password travel in the child's environment
/// (<see cref="EnvironmentNames"/>), never as arguments.
/// </summary>
/// <param name="ScenarioPath">The run's scenario file: every node must run the same city.</param>
/// <param name="Seeds">Seed nodes of the cluster, HOST:PORT; a run's coordinator is one.</param>
/// <param name="Roles"><c>tree</c> (hosts platforms) and/or <c>load</c> (drives its platforms' cameras).</param>
/// <param name="Store">The run's store; null: the scenario's.</param>
/// <param name="TopologySeed">The run's seed when it overrides the scenario's.</param>
/// <param name="Clock">The coordinator's sim clock reading: the sim time at a wall instant (UTC).</param>
/// <param name="LogPath">Where the node writes its log; null: no log file.</param>
/// <param name="ParentPid">Exit when this process is gone.</param>
/// <param name="ExitWithStdin">Exit when stdin closes (the coordinator holds its write end).</param>
/// <param name="CitySeeds">A province across nodes (<c>topology.cities</c>): each city's cluster to join, <c>NAME=HOST:PORT</c>,
/// in the order this node joins them (its <see cref="Seeds"/> are then unused); null for one city.</param>
/// <param name="ProvincePath">A province across nodes: the province platform's actor path, where every city platform this
/// node hosts registers.</param>
/// <param name="AlarmClearAfter">The run's alarm clear time when it overrides the scenario's (<c>size</c> shortens it for its
/// trials); every node must clear alarms alike.</param>
public sealed record WorkerNodeOptions(
    string ScenarioPath,
    IReadOnlyList<string> Seeds,
    IReadOnlyList<string> Roles,
    string Hostname = RemotingSecurity.DefaultHostname,
    int Port = 0,
    StoreAddress? Store = null,
    int? TopologySeed = null,
    (DateTime SimAt, DateTime WallUtc)? Clock = null,
    TlsSettings? Tls = null,
    string? LogPath = null,
    int? ParentPid = null,
    bool ExitWithStdin = false,
    IReadOnlyList<string>? CitySeeds = null,
    string? ProvincePath = null,
    TimeSpan? AlarmClearAfter = null)
{
    /// <summary>A local worker of a run: the same scenario, seed, store and security as the run, the coordinator
    /// <paramref name="seed"/> as its seed node, both roles (the tree's only when the generator runs apart), and the
    /// coordinator's clock reading so that sim time agrees from the start.</summary>
    public static WorkerNodeOptions ForLocalWorker(ScenarioDefinition scenario, ClusterSettings cluster, string seed, (DateTime SimAt, DateTime WallUtc) clock)
    {
        if (scenario.SourceFile.Length == 0 || !File.Exists(scenario.SourceFile))
            throw new InvalidOperationException("a multi-node run needs its scenario as a file: the worker nodes load the same one");
        return new WorkerNodeOptions(scenario.SourceFile, [seed],
            cluster.GeneratorApart ? [ClusterMembership.TreeRole] : [ClusterMembership.TreeRole, ClusterMembership.LoadRole], cluster.Hostname,
            Store: scenario.Store, TopologySeed: scenario.Seed, Clock: clock, Tls: cluster.Tls, AlarmClearAfter: scenario.Monitoring.AlarmClearAfter);
    }

    /// <summary>A local worker of a province across nodes (<paramref name="scenario"/> has <c>topology.cities</c>): the tree
    /// role only (the coordinator drives the load), each city's cluster by its seed, joined in the order given, and the
    /// province platform to register the city platforms with.</summary>
    public static WorkerNodeOptions ForProvinceWorker(ScenarioDefinition scenario, ClusterSettings cluster, IReadOnlyList<string> citySeeds,
        string provincePath, (DateTime SimAt, DateTime WallUtc) clock) =>
        ForLocalWorker(scenario, cluster, citySeeds[0][(citySeeds[0].IndexOf('=', StringComparison.Ordinal) + 1)..], clock) with
        {
            Roles = [ClusterMembership.TreeRole], CitySeeds = citySeeds, ProvincePath = provincePath,
        };

    /// <summary>The <c>node</c> command's arguments (after the program) and the environment the process needs.</summary>
    public (IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment) ToCommandLine()
    {
        var args = new List<string> { "node", ScenarioPath };
        foreach (var seed in Seeds) args.AddRange(["--seed", seed]);
        foreach (var role in Roles) args.AddRange(["--role", role]);
        args.AddRange(["--hostname", Hostname]);
        if (Port != 0) args.AddRange(["--port", Port.ToString(CultureInfo.InvariantCulture)]);
        if (TopologySeed is { } s) args.AddRange(["--topology-seed", s.ToString(CultureInfo.InvariantCulture)]);
        if (Clock is { } c)
            args.AddRange(["--clock", $"{c.SimAt.ToString("O", CultureInfo.InvariantCulture)}@{c.WallUtc.ToString("O", CultureInfo.InvariantCulture)}"]);
        var environment = new Dictionary<string, string>();
        if (Store is { } store) environment[EnvironmentNames.Store] = store.Text;
        if (Tls is { } tls)
        {
            args.AddRange(["--tls-cert", tls.CertificatePath, "--tls-ca", tls.CaCertificatePath]);
            if (tls.KeyPath is { } key) args.AddRange(["--tls-key", key]);
            if (tls.CertificatePassword is { } pw) environment[EnvironmentNames.TlsPassword] = pw;
        }
        if (LogPath is { } log) args.AddRange(["--log", log]);
        if (ParentPid is { } pid) args.AddRange(["--parent-pid", pid.ToString(CultureInfo.InvariantCulture)]);
        if (ExitWithStdin) args.Add("--exit-with-stdin");
        foreach (var city in CitySeeds ?? []) args.AddRange(["--city-seed", city]);
        if (ProvincePath is { } province) args.AddRange(["--province", province]);
        if (AlarmClearAfter is { } clear) args.AddRange(["--alarm-clear-after-ms", ((long)clear.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)]);
        return (args, environment);
    }

    /// <summary>Reads a <c>--clock</c> value, SIM@WALLUTC as <see cref="ToCommandLine"/> writes it.</summary>
    public static bool TryParseClock(string text, out (DateTime SimAt, DateTime WallUtc) reading)
    {
        reading = default;
        var parts = text.Split('@');
        if (parts.Length != 2
            || !DateTime.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var simAt)
            || !DateTime.TryParse(parts[1], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var wall))
            return false;
        reading = (simAt, wall);
        return true;
    }

    // The TLS settings may carry a password: records print themselves in logs and exception messages.
    public override string ToString() => $"node {ScenarioPath} seeds {string.Join(",", Seeds)} roles {string.Join(",", Roles)} store {Store?.Display ?? "(scenario's)"}";
}
