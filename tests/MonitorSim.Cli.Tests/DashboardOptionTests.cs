using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MonitorSim.TestSupport;

namespace MonitorSim.Cli.Tests;

/// <summary><c>--dashboard</c>, <c>--dashboard-bind</c> and <c>--dashboard-keep</c> on the command line: what is wrong is
/// bad input (exit 2) before anything runs; a page on another interface than loopback is announced loudly.</summary>
[Collection(TreeRunCollection.Name)]
public sealed class DashboardOptionTests
{
    private static readonly string SelfTest = RepoPaths.Scenario("self-test/mm1.yaml");

    [Theory]
    [InlineData("run", "--dashboard-bind", "127.0.0.1", "--dashboard-bind: needs --dashboard")]
    [InlineData("run", "--dashboard-keep", "5m", "--dashboard-keep: needs --dashboard")]
    [InlineData("run", "--dashboard", "http", "--dashboard: expected a port from 1 to 65535")]
    [InlineData("run", "--dashboard", "70000", "--dashboard: expected a port from 1 to 65535")]
    [InlineData("size", "--dashboard-bind", "localhost:80", "--dashboard-bind: expected an IP address")]
    public async Task A_wrong_dashboard_option_is_bad_input_named_before_anything_runs(string command, string option, string value, string message)
    {
        using var dir = new TempDir();
        var args = new List<string> { command, SelfTest, "--out", dir.File("out"), option, value };
        if (option == "--dashboard-bind" && command == "size") args.AddRange(["--dashboard", "0"]);
        var result = await Cli.RunAsync([.. args]);

        result.ExpectExit(2);
        Assert.Contains(message, result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("out", "summary.json")));
    }

    [Fact]
    public async Task A_dashboard_port_already_taken_stops_the_run_before_it_starts()
    {
        using var dir = new TempDir();
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
            var result = await Cli.RunAsync("run", SelfTest, "--duration", "2s", "--warm-up", "0s", "--out", dir.File("out"), "--dashboard", port);

            result.ExpectExit(2);
            Assert.Contains($"--dashboard: cannot listen on 127.0.0.1:{port}", result.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("topology:", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            taken.Stop();
        }
    }

    [Fact]
    public async Task A_dashboard_on_every_interface_is_announced_with_a_warning_and_its_url()
    {
        using var dir = new TempDir();
        var port = LoopbackPort.Free();
        var result = await Cli.RunAsync("run", SelfTest, "--duration", "2s", "--warm-up", "0s", "--out", dir.File("out"),
            "--dashboard", port.ToString(CultureInfo.InvariantCulture), "--dashboard-bind", "0.0.0.0");

        Assert.Contains($"live dashboard: http://127.0.0.1:{port}/", result.Output, StringComparison.Ordinal);
        Assert.Contains("WARNING: the dashboard listens on 0.0.0.0, not loopback", result.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(dir.File("out", "summary.json")));
    }
}
