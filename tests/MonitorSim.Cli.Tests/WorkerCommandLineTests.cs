using MonitorSim.Cli.Commands;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Domain.Storage;
using MonitorSim.Harness;
using MonitorSim.Harness.Nodes;

namespace MonitorSim.Cli.Tests;

/// <summary>A coordinator starts its local workers from typed options rendered in one place; the worker's command line
/// reads them back unchanged, and no secret is ever an argument (ps shows arguments to every user of the host).</summary>
public sealed class WorkerCommandLineTests
{
    private static readonly (DateTime, DateTime) Clock = (new DateTime(2026, 11, 27, 9, 0, 1, 500), new DateTime(2026, 12, 2, 17, 0, 0, DateTimeKind.Utc));

    private static (WorkerNodeOptions Read, List<string> Errors, IReadOnlyList<string> Arguments) RoundTrip(WorkerNodeOptions options)
    {
        var (arguments, environment) = options.ToCommandLine();
        Assert.Equal("node", arguments[0]);
        var set = new NodeOptionSet();
        var parse = set.Command.Parse(arguments.Skip(1).ToArray());
        Assert.Empty(parse.Errors);
        var errors = new List<string>();
        var read = set.Read(parse, errors, name => environment.GetValueOrDefault(name));
        return (read, errors, arguments);
    }

    [Fact]
    public void A_local_workers_options_read_back_the_same_and_its_postgres_password_is_not_an_argument()
    {
        var options = new WorkerNodeOptions("scenarios/x.yaml", ["127.0.0.1:4053"], [ClusterMembership.TreeRole, ClusterMembership.LoadRole], "127.0.0.1",
            Store: StoreAddress.Parse("postgres://sim:s3cret@127.0.0.1:5432/monitorsim"), TopologySeed: 7, Clock: Clock,
            LogPath: "/tmp/node-2.log", ParentPid: 4242, ExitWithStdin: true, AlarmClearAfter: TimeSpan.FromSeconds(5));

        var (read, errors, arguments) = RoundTrip(options);

        Assert.Empty(errors);
        Assert.Equal(options.ScenarioPath, read.ScenarioPath);
        Assert.Equal(options.Seeds, read.Seeds);
        Assert.Equal(options.Roles, read.Roles);
        Assert.Equal((options.Hostname, options.Port, options.TopologySeed, options.LogPath, options.ParentPid, options.ExitWithStdin),
            (read.Hostname, read.Port, read.TopologySeed, read.LogPath, read.ParentPid, read.ExitWithStdin));
        Assert.Equal(options.Store, read.Store);
        Assert.Equal(Clock, read.Clock);
        Assert.Equal(TimeSpan.FromSeconds(5), read.AlarmClearAfter);
        Assert.DoesNotContain(arguments, a => a.Contains("s3cret", StringComparison.Ordinal));
    }

    [Fact]
    public void A_province_workers_city_seeds_and_province_path_read_back_in_their_order()
    {
        var options = new WorkerNodeOptions("scenarios/p.yaml", ["127.0.0.1:4001"], [ClusterMembership.TreeRole],
            CitySeeds: ["suzhou=127.0.0.1:4003", "xuzhou=127.0.0.1:4001", "nanjing=127.0.0.1:4002"],
            ProvincePath: "akka.tcp://province@127.0.0.1:4000/user/province");

        var (read, errors, _) = RoundTrip(options);

        Assert.Empty(errors);
        Assert.Equal(options.CitySeeds, read.CitySeeds);
        Assert.Equal(options.ProvincePath, read.ProvincePath);
    }

    [Fact]
    public void A_city_seed_that_is_not_name_equals_host_port_or_without_a_province_is_refused()
    {
        var set = new NodeOptionSet();
        var parse = set.Command.Parse(["s.yaml", "--seed", "127.0.0.1:4001", "--city-seed", "xuzhou@127.0.0.1:4001"]);
        var errors = new List<string>();

        set.Read(parse, errors);

        Assert.Contains(errors, e => e.Contains("--city-seed: 'xuzhou@127.0.0.1:4001' is not NAME=HOST:PORT", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("--city-seed and --province go together", StringComparison.Ordinal));
    }

    [Fact]
    public void A_tls_certificate_password_travels_in_the_environment_not_on_the_command_line()
    {
        using var dir = new TempDir();
        var files = TestCertificates.WriteTo(dir.Path, password: "pfx-pass");
        var pki = new TlsSettings(files.NodePfxPath, files.Password, files.CaPath);
        var options = new WorkerNodeOptions("s.yaml", ["127.0.0.1:4053"], [ClusterMembership.TreeRole], Tls: pki);

        var (read, errors, arguments) = RoundTrip(options);

        Assert.Empty(errors);
        Assert.Equal(pki, read.Tls);
        Assert.DoesNotContain(arguments, a => a.Contains("pfx-pass", StringComparison.Ordinal));
        Assert.Equal("pfx-pass", options.ToCommandLine().Environment[EnvironmentNames.TlsPassword]);
    }

    [Fact]
    public void A_store_named_on_the_command_line_wins_over_the_environment()
    {
        var set = new NodeOptionSet();
        var parse = set.Command.Parse(["--seed", "127.0.0.1:4053", "--store", "memory"]);
        var read = set.Read(parse, [], _ => "sqlite:/tmp/other.db");

        Assert.Equal(StoreAddress.Memory, read.Store);
    }

    [Fact]
    public void A_bad_store_in_the_environment_is_named_by_its_variable_and_not_echoed()
    {
        var set = new NodeOptionSet();
        var errors = new List<string>();
        set.Read(set.Command.Parse(["--seed", "127.0.0.1:4053"]), errors, name => name == EnvironmentNames.Store ? "mysql://u:hunter2@h/db" : null);

        var error = Assert.Single(errors);
        Assert.StartsWith($"{EnvironmentNames.Store}: expected 'sqlite'", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }
}
