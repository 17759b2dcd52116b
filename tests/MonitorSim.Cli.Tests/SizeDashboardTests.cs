using System.Globalization;
using System.Text.Json;
using MonitorSim.TestSupport;
using Spectre.Console;

namespace MonitorSim.Cli.Tests;

/// <summary><c>size --dashboard</c>: the page's state carries every trial of the search with its load and verdict, as
/// sizing.json records the steps, and the plan's reports once the search is over.</summary>
[Collection(TreeRunCollection.Name)]
public sealed class SizeDashboardTests
{
    [Fact]
    public async Task The_dashboard_of_a_size_run_lists_each_trial_with_its_load_and_verdict_and_the_search_so_far()
    {
        using var dir = new TempDir();
        var scenario = TinyScenario.WriteTo(dir);
        var port = LoopbackPort.Free();
        using var stop = new CancellationTokenSource();
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var console = Cli.Console(output);
        var size = MonitorSimApp.RunAsync(["size", scenario, "--slo", "alarm.p99<5s", "--warm-up", "1s", "--steady", "2s", "--settle", "0s",
            "--max-trials", "5", "--repeats", "1", "--out", dir.File("out"), "--dashboard", port.ToString(CultureInfo.InvariantCulture), "--dashboard-keep", "5m"], console, stop.Token);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
        var windows = new HashSet<int>();
        JsonElement state = default;
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < until)
        {
            if (size.IsCompleted) Assert.Fail($"size ended (exit {await size}) before its dashboard said finished:\n{output}");
            try
            {
                state = JsonDocument.Parse(await http.GetStringAsync("state")).RootElement.Clone();
                if (state.GetProperty("window").GetProperty("rows").GetInt32() > 0) windows.Add(state.GetProperty("window").GetProperty("number").GetInt32());
                if (state.GetProperty("phase").GetString() == "finished") break;
            }
            catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        stop.Cancel();
        // 0 or 1 is the search's verdict on the tiny city (whether its predictions hit); 2, 3 or 4 would be the command's failure.
        Assert.Contains(await size.WaitAsync(TimeSpan.FromSeconds(30)), new[] { 0, 1 });

        Assert.Equal("size", state.GetProperty("kind").GetString());
        using var sizing = JsonDocument.Parse(await File.ReadAllTextAsync(dir.File("out", "sizing.json")));
        var trail = sizing.RootElement.GetProperty("capacity")[0].GetProperty("trail").EnumerateArray().ToList();
        var trials = state.GetProperty("trials").EnumerateArray().ToList();
        // The page showed the search's trials (the held-out trials after it are predictions' checks, not search trials).
        Assert.Equal(trail.Count, trials.Count);
        // The page rounds to 6 significant digits; a bisected load such as √32 is not a round number.
        foreach (var (searched, shown) in trail.Zip(trials))
            Assert.Equal(1, shown.GetProperty("load_factor").GetDouble() / searched.GetProperty("load_factor").GetDouble(), 5);
        Assert.Equal(trail.Select(t => t.GetProperty("passed").GetBoolean()), trials.Select(t => t.GetProperty("passed").GetBoolean()));
        // The bracket as the page last showed it is the search's own after its last trial.
        Assert.Equal(Number(trail[^1].GetProperty("passed_below")) ?? -1, Number(trials[^1].GetProperty("passed_below")) ?? -1, 4);
        Assert.Equal(Number(trail[^1].GetProperty("failed_above")) ?? -1, Number(trials[^1].GetProperty("failed_above")) ?? -1, 4);
        Assert.Equal("1 node", trials[0].GetProperty("configuration").GetString());
        // Each step is a window of its own, whose rows the page showed while it ran.
        Assert.True(windows.Count >= 2, $"rows seen in windows {string.Join(", ", windows)} only");
        Assert.Contains("sizing.html", state.GetProperty("reports").EnumerateArray().Select(r => r.GetString()));
    }

    private static double? Number(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetDouble();
}
