namespace MonitorSim.Cli.Tests;

/// <summary>
/// <c>monitorsim run --nodes 2</c> with mutual TLS: both processes present the same node certificate from the run's CA,
/// form one cluster over akka.ssl.tcp and finish the run (out of process, as used); TLS options that cannot work are bad
/// input naming the option or the file (checked in process, before anything starts).
/// </summary>
[Collection(TreeRunCollection.Name)]
public sealed class TlsRunTests
{
    [Fact]
    public async Task A_two_node_run_with_TLS_finishes_and_every_node_speaks_akka_ssl_tcp()
    {
        using var dir = new TempDir();
        var certs = TestCertificates.WriteTo(dir.Path);
        var scenario = TinyScenario.WriteTo(dir);
        var report = dir.File("report");

        var result = await CliProcess.RunAsync(TimeSpan.FromMinutes(3), "run", scenario, "--nodes", "2",
            "--tls-cert", certs.NodePfxPath, "--tls-password", certs.Password, "--tls-ca", certs.CaPath,
            "--duration", "8s", "--out", report);

        var logs = string.Join("\n", Directory.Exists(report)
            ? Directory.GetFiles(report, "node-*.out").Select(f => $"--- {Path.GetFileName(f)}:\n{File.ReadAllText(f)}")
            : []);
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}:\n{result.Output}\n{logs}");
        var summary = Summary.Read(report);
        Assert.Equal(2, summary.Long("nodes"));
        var nodes = summary.At("node_resources").EnumerateArray().ToList();
        Assert.Equal([1, 2], nodes.Select(n => n.GetProperty("node").GetInt32()).Order());
        foreach (var node in nodes)
        {
            var address = node.Text("address");
            Assert.StartsWith("akka.ssl.tcp://", address, StringComparison.Ordinal);
        }
        Assert.NotEqual(nodes[0].Text("address"), nodes[1].Text("address"));
        // The cluster really carried the run: it formed with both nodes and operations completed.
        Assert.Contains(summary.Events(), e => e.StartsWith("cluster of 2 nodes", StringComparison.Ordinal));
        Assert.True(summary.Long("operations.completed") > 0, result.Output);
    }

    [Fact]
    public async Task A_certificate_without_a_CA_is_bad_input_naming_tls_cert()
    {
        using var dir = new TempDir();
        var certs = TestCertificates.WriteTo(dir.Path);
        var scenario = TinyScenario.WriteTo(dir, store: "memory");
        var report = dir.File("report");

        var result = (await Cli.RunAsync("run", scenario, "--nodes", "2",
            "--tls-cert", certs.NodePfxPath, "--tls-password", certs.Password, "--out", report)).ExpectExit(2);

        Assert.Contains("error: --tls-cert: needs --tls-ca too", result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(report), "the run started although its TLS options are incomplete");
    }

    [Fact]
    public async Task A_missing_certificate_file_is_bad_input_naming_the_file()
    {
        using var dir = new TempDir();
        var certs = TestCertificates.WriteTo(dir.Path);
        var scenario = TinyScenario.WriteTo(dir, store: "memory");
        var missing = dir.File("no-such-node.pfx");
        var report = dir.File("report");

        var result = (await Cli.RunAsync("run", scenario, "--nodes", "2",
            "--tls-cert", missing, "--tls-password", certs.Password, "--tls-ca", certs.CaPath, "--out", report)).ExpectExit(2);

        Assert.Contains($"file {missing} does not exist", result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(report), "the run started although its certificate file is missing");
    }
}
