namespace MonitorSim.Cli.Tests;

/// <summary>
/// Bad input exits 2 with a message naming the file, line and field, before anything starts: no report folder is
/// created, which is the first thing a run does.
/// </summary>
public sealed class BadInputTests
{
    [Fact]
    public async Task A_misspelt_top_level_key_names_the_file_line_and_key()
    {
        using var dir = new TempDir();
        var yaml = TinyScenario.Yaml("memory").Replace("topology:", "topolgy:", StringComparison.Ordinal);
        var (path, result) = await RunScenarioAsync(dir, "misspelt.yaml", yaml);

        var line = TinyScenario.LineOf(yaml, "topolgy:");
        Assert.Contains($"{path}:{line}:1: topolgy: unknown key 'topolgy'", result.Output, StringComparison.Ordinal);
        Assert.Contains("did you mean 'topology'?", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_negative_camera_count_names_topology_cameras_and_its_line()
    {
        using var dir = new TempDir();
        var yaml = TinyScenario.Yaml("memory").Replace("cameras: 30", "cameras: -5", StringComparison.Ordinal);
        var (path, result) = await RunScenarioAsync(dir, "negative.yaml", yaml);

        var line = TinyScenario.LineOf(yaml, "cameras: -5");
        var column = yaml.Split('\n')[line - 1].IndexOf("-5", StringComparison.Ordinal) + 1;
        Assert.Contains($"{path}:{line}:{column}: topology.cameras: must be >= 0, got -5", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_duration_names_warm_up_and_its_line()
    {
        using var dir = new TempDir();
        var yaml = TinyScenario.Yaml("memory").Replace("warm_up: 2s", "warm_up: 10x", StringComparison.Ordinal);
        var (path, result) = await RunScenarioAsync(dir, "duration.yaml", yaml);

        var line = TinyScenario.LineOf(yaml, "warm_up: 10x");
        Assert.Contains($"{path}:{line}:10: warm_up: '10x' is not a duration", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_SIP_platform_capped_at_zero_cores_exits_2_naming_cpus_before_it_listens()
    {
        Environment.SetEnvironmentVariable("MONITORSIM_TEST_SIP_PASSWORD", "12345678");

        var result = (await Cli.RunAsync("sip-platform", "--listen", "udp://127.0.0.1:0", "--password-env", "MONITORSIM_TEST_SIP_PASSWORD",
            "--cpus", "0")).ExpectExit(2);

        Assert.Contains("--cpus: must be > 0", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("listening", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_scenario_file_names_the_path()
    {
        using var dir = new TempDir();
        var path = dir.File("no-such-scenario.yaml");
        var report = dir.File("report");

        var result = (await Cli.RunAsync("run", path, "--out", report)).ExpectExit(2);

        Assert.Contains(path, result.Output, StringComparison.Ordinal);
        Assert.Contains("scenario file not found", result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(report), "the run started although the scenario file is missing");
    }

    [Fact]
    public async Task A_malformed_threshold_names_the_file_line_and_column()
    {
        using var dir = new TempDir();
        var yaml = TinyScenario.Yaml("memory", threshold: "alarm.p99 <> 5ms");
        var (path, result) = await RunScenarioAsync(dir, "threshold.yaml", yaml);

        var line = TinyScenario.LineOf(yaml, "alarm.p99 <> 5ms");
        // The column points at the '>' that is not a number: 1-based within the YAML line, past the opening quote.
        var column = yaml.Split('\n')[line - 1].IndexOf("<>", StringComparison.Ordinal) + 2;
        Assert.Contains($"{path}:{line}:{column}: thresholds[0]: expected a number, found '>'", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_duration_option_names_duration()
    {
        var result = await RunValidScenarioWithAsync("--duration", "abc");
        Assert.Contains("--duration: 'abc' is not a positive duration", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_store_option_names_store_but_never_echoes_it()
    {
        // A mistyped connection string may carry a password: the message says what is expected, not what was given.
        var result = await RunValidScenarioWithAsync("--store", "mysql://admin:s3cret@db/x");
        Assert.Contains("--store:", result.Output, StringComparison.Ordinal);
        Assert.Contains("postgres://", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_city_of_a_province_names_the_file_line_and_field()
    {
        using var dir = new TempDir();
        var yaml = TinyScenario.Yaml("memory").Replace("topology: { platforms: 3, points: 12, cameras: 30, co_handling: { centres: 2, posts: 4 } }",
            "topology:\n  cities:\n    - { name: xuzhou, platforms: 2, points: 4, cameras: 8 }\n    - { name: xuzhou, platforms: 2, points: 4, cameras: 8 }",
            StringComparison.Ordinal);
        var (path, result) = await RunScenarioAsync(dir, "cities.yaml", yaml);

        var line = TinyScenario.LineOf(yaml, "cities:") + 2;
        Assert.Contains($"{path}:{line}:", result.Output, StringComparison.Ordinal);
        Assert.Contains("topology.cities[1].name: duplicate city name 'xuzhou'", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_province_with_nodes_from_other_hosts_or_tls_is_refused_before_it_starts()
    {
        using var dir = new TempDir();
        var path = dir.File("province.yaml");
        await File.WriteAllTextAsync(path, TinyScenario.Yaml("memory").Replace("topology: { platforms: 3, points: 12, cameras: 30, co_handling: { centres: 2, posts: 4 } }",
            "topology: { cities: [ { name: xuzhou, platforms: 2, points: 4, cameras: 8 } ] }", StringComparison.Ordinal));
        var report = dir.File("report");

        var remote = (await Cli.RunAsync("run", path, "--nodes", "2", "--remote-nodes", "1", "--out", report)).ExpectExit(2);
        Assert.Contains("topology.cities: a province runs on this process and its local nodes (--nodes); --remote-nodes is for one city", remote.Output, StringComparison.Ordinal);
        var files = TestCertificates.WriteTo(dir.Path);
        var tls = (await Cli.RunAsync("run", path, "--tls-cert", files.NodePfxPath, "--tls-password", files.Password, "--tls-ca", files.CaPath, "--out", report)).ExpectExit(2);
        Assert.Contains("the province platform speaks plain TCP to its cities; --tls is for one city", tls.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(report), "the run started although it cannot run as asked");
    }

    private static async Task<(string Path, CliResult Result)> RunScenarioAsync(TempDir dir, string fileName, string yaml)
    {
        var path = dir.File(fileName);
        await File.WriteAllTextAsync(path, yaml);
        var report = dir.File("report");
        var result = (await Cli.RunAsync("run", path, "--out", report)).ExpectExit(2);
        Assert.Contains(fileName, result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(report), "the run started although the scenario is invalid");
        return (path, result);
    }

    /// <summary>Runs the (valid) tiny scenario with one bad option; it must exit 2 without starting.</summary>
    private static async Task<CliResult> RunValidScenarioWithAsync(string option, string value)
    {
        using var dir = new TempDir();
        var scenario = TinyScenario.WriteTo(dir, store: "memory");
        var report = dir.File("report");
        var result = (await Cli.RunAsync("run", scenario, option, value, "--out", report)).ExpectExit(2);
        Assert.False(Directory.Exists(report), $"the run started although {option} {value} is invalid");
        return result;
    }
}
