using System.Net;
using System.Net.Sockets;
using MonitorSim.Harness;

namespace MonitorSim.Dashboard.Tests;

public sealed class DashboardServerTests
{
    private static readonly DashboardOptions AnyLoopbackPort = new(0, IPAddress.Loopback, TimeSpan.Zero);

    [Fact]
    public async Task Before_the_run_ends_no_report_file_is_served_and_after_it_only_the_reports_written()
    {
        var folder = Directory.CreateTempSubdirectory("monitorsim-dashboard-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "summary.json"), "{\"passed\":true}");
            await File.WriteAllTextAsync(Path.Combine(folder, "size.db"), "not a report");
            var state = new DashboardState("run", "city");
            await using var server = await DashboardServer.StartAsync(AnyLoopbackPort, state);
            using var http = new HttpClient { BaseAddress = server.Url };

            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("reports/summary.json")).StatusCode);
            state.Finish("null", ["summary.json"], folder);

            var summary = await http.GetAsync("reports/summary.json");
            Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
            Assert.Equal("{\"passed\":true}", await summary.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("reports/size.db")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("reports/..%2Fsummary.json")).StatusCode);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public async Task The_page_and_its_assets_come_from_the_process_with_a_policy_that_forbids_anything_else()
    {
        await using var server = await DashboardServer.StartAsync(AnyLoopbackPort, new DashboardState("run", "city"));
        using var http = new HttpClient { BaseAddress = server.Url };

        var page = await http.GetAsync("");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        foreach (var asset in new[] { "assets/uPlot.min.js", "assets/uPlot.min.css", "assets/monitorsim-charts.js", "assets/dashboard.js", "assets/dashboard.css" })
        {
            Assert.Contains("/" + asset, html, StringComparison.Ordinal);
            var response = await http.GetAsync(asset);
            Assert.True(response.IsSuccessStatusCode, asset);
            Assert.True((await response.Content.ReadAsStringAsync()).Length > 100, asset);
        }
    }

    [Fact]
    public async Task The_event_stream_sends_the_state_again_when_nothing_changes()
    {
        var state = new DashboardState("run", "city");
        state.WindowStarted(new WindowStart("city", 60, 10, 1));
        await using var server = await DashboardServer.StartAsync(AnyLoopbackPort, state);
        using var http = new HttpClient { BaseAddress = server.Url };
        using var response = await http.GetAsync("events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        // No change after the first message: the heartbeat still sends a second one (the page's clock and connection).
        var messages = 0;
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (messages < 2 && await reader.ReadLineAsync(patience.Token) is { } line)
            if (line.StartsWith("data: {\"schema\":\"monitorsim.dashboard/1\"", StringComparison.Ordinal)) messages++;

        Assert.Equal(2, messages);
    }

    [Fact]
    public async Task A_port_already_taken_is_refused_with_the_address_named()
    {
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var port = ((IPEndPoint)taken.LocalEndpoint).Port;
            var e = await Assert.ThrowsAsync<DashboardException>(() =>
                DashboardServer.StartAsync(AnyLoopbackPort with { Port = port }, new DashboardState("run", "city")));
            Assert.Contains($"127.0.0.1:{port}", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            taken.Stop();
        }
    }

    [Fact]
    public void Only_a_loopback_address_counts_as_not_exposed()
    {
        Assert.False(AnyLoopbackPort.Exposed);
        Assert.False((AnyLoopbackPort with { Bind = IPAddress.IPv6Loopback }).Exposed);
        Assert.True((AnyLoopbackPort with { Bind = IPAddress.Any }).Exposed);
        Assert.True((AnyLoopbackPort with { Bind = IPAddress.Parse("192.168.1.20") }).Exposed);
    }
}
