using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace MonitorSim.Cli.Tests;

/// <summary><c>--otlp</c>, <c>--otlp-protocol</c> and <c>--prometheus</c>: bad values are bad input (exit 2, before
/// anything runs); a port that cannot be bound too; a run with <c>--prometheus</c> serves its figures while it runs.</summary>
public sealed class LiveMetricsOptionTests
{
    [Theory]
    [InlineData("--prometheus", "70000", "--prometheus: expected a port from 1 to 65535, got '70000'")]
    [InlineData("--prometheus", "0", "--prometheus: expected a port from 1 to 65535, got '0'")]
    [InlineData("--prometheus", "ninety", "--prometheus: expected a port from 1 to 65535, got 'ninety'")]
    [InlineData("--otlp", "notaurl", "--otlp: expected an absolute http:// or https:// URL")]
    [InlineData("--otlp", "ftp://collector/otlp", "--otlp: expected an absolute http:// or https:// URL")]
    [InlineData("--otlp-protocol", "http", "--otlp-protocol: needs --otlp URL")]
    public async Task A_bad_live_metrics_option_exits_2_naming_the_option_before_anything_runs(string option, string value, string message)
    {
        using var dir = new TempDir();
        var scenario = TinyScenario.WriteTo(dir, store: "memory");
        var report = dir.File("report");

        var result = (await Cli.RunAsync("run", scenario, option, value, "--out", report)).ExpectExit(2);

        Assert.Contains($"error: {message}", result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(report), $"the run started although {option} {value} is invalid");
    }

    [Fact]
    public async Task An_unknown_otlp_protocol_is_refused()
    {
        using var dir = new TempDir();
        var scenario = TinyScenario.WriteTo(dir, store: "memory");

        var result = (await Cli.RunAsync("run", scenario, "--otlp", "http://127.0.0.1:4318", "--otlp-protocol", "thrift",
            "--out", dir.File("report"))).ExpectExit(2);

        Assert.Contains("error: --otlp-protocol: expected grpc or http, got 'thrift'", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prometheus_port_in_use_exits_2_naming_the_port_before_the_run_starts()
    {
        using var dir = new TempDir();
        var scenario = TinyScenario.WriteTo(dir, store: "memory");
        var report = dir.File("report");
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var port = ((IPEndPoint)taken.LocalEndpoint).Port;

            var result = (await Cli.RunAsync("run", scenario, "--prometheus", port.ToString(CultureInfo.InvariantCulture), "--out", report)).ExpectExit(2);

            Assert.Contains($"error: --prometheus: cannot serve Prometheus metrics on 127.0.0.1:{port}: the port is already in use", result.Output, StringComparison.Ordinal);
            Assert.False(Directory.Exists(report), "the run started although the Prometheus port is taken");
        }
        finally
        {
            taken.Stop();
        }
    }
}

/// <summary>A short self-test run (no tree) with <c>--prometheus</c>, scraped while it runs.</summary>
[Collection(TreeRunCollection.Name)]
public sealed partial class LiveMetricsRunTests
{
    private const string NoopScenario = """
        name: live_metrics_noop
        seed: 7
        duration: 4s
        warm_up: 1s
        report_interval: 1s
        completion_timeout: 1s
        store: memory
        scenarios:
          - name: noop
            operation: noop
            load:
              - inject: { rate: 1000, interval: 1s }

        """;

    [Fact]
    public async Task A_run_with_prometheus_serves_its_live_figures_on_127_0_0_1_while_it_runs_and_closes_the_endpoint_after()
    {
        using var dir = new TempDir();
        var scenario = dir.File("noop.yaml");
        await File.WriteAllTextAsync(scenario, NoopScenario);
        var port = MonitorSim.TestSupport.LoopbackPort.Free();
        var url = new Uri($"http://127.0.0.1:{port}/metrics");
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };

        var run = Task.Run(() => Cli.RunAsync("run", scenario, "--prometheus", port.ToString(CultureInfo.InvariantCulture), "--out", dir.File("report")));
        string? scraped = null;
        var attempts = new List<string>();
        while (!run.IsCompleted && scraped is null)
        {
            try
            {
                var text = await http.GetStringAsync(url);
                if (Offered(text) > 0) scraped = text;
                else attempts.Add("scraped, nothing offered yet");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                attempts.Add(e.Message);
            }
            if (scraped is null) await Task.Delay(100);
        }
        var result = (await run).ExpectExit(0);

        Assert.True(scraped is not null,
            $"no scrape during the run showed offered operations; attempts: {string.Join(" | ", attempts.TakeLast(5))}\n{result.Output}");
        Assert.Matches(CompletedNoop(), scraped);
        Assert.Contains($"Prometheus scrape endpoint {url}", result.Output, StringComparison.Ordinal);
        using var probe = new TcpClient();
        Assert.ThrowsAny<SocketException>(() => probe.Connect(IPAddress.Loopback, port));
    }

    private static double Offered(string exposition) =>
        OfferedLine().Match(exposition) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"^monitorsim_operations_offered_total(?:\{[^}]*\})? (\S+)", RegexOptions.Multiline)]
    private static partial Regex OfferedLine();

    [GeneratedRegex(@"^monitorsim_operations_completed_total\{[^}]*operation=""noop""[^}]*\} [1-9]", RegexOptions.Multiline)]
    private static partial Regex CompletedNoop();
}
