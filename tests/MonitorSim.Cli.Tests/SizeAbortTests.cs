using System.Text.Json;

namespace MonitorSim.Cli.Tests;

/// <summary>
/// <c>monitorsim size</c> stopped by Ctrl-C: exit 4 (aborted), with the plan of the trials that ran to their end written
/// and marked partial; the trial the signal cut short is counted neither by the search nor by the models.
/// </summary>
[Collection(TreeRunCollection.Name)]
public sealed class SizeAbortTests
{
    [Fact]
    public async Task A_size_run_sent_SIGINT_during_its_second_trial_exits_4_with_a_partial_plan_of_the_first()
    {
        using var dir = new TempDir();
        var scenario = TinyScenario.WriteTo(dir);
        var outDir = dir.File("out");
        // The tiny city passes far beyond load 64: unstopped, the search would double through seven trials.
        using var size = new RunningCli("size", scenario, "--slo", "alarm.p99<5s", "--warm-up", "1s", "--steady", "3s", "--settle", "1s",
            "--max-load", "64", "--repeats", "1", "--out", outDir, "--junit", dir.File("size.xml"));

        await size.WaitForLineAsync(l => l.Contains("1 node, trial 2 (", StringComparison.Ordinal), TimeSpan.FromMinutes(3));
        size.Interrupt();
        var (code, output) = await size.ExitAsync(TimeSpan.FromMinutes(2));

        Assert.True(code == 4, $"exit {code}\n{output}");
        Assert.Contains("ABORTED", output, StringComparison.Ordinal);
        foreach (var name in new[] { "sizing.md", "sizing.html", "sizing.json" })
            Assert.True(File.Exists(Path.Combine(outDir, name)), $"{name} was not written\n{output}");
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "sizing.json")));
        var root = doc.RootElement;
        Assert.True(root.GetProperty("partial").GetBoolean());
        Assert.Equal("stopped", root.GetProperty("ending").GetProperty("kind").GetString());
        Assert.Contains("after 1 trial(s) that ran to their end", root.GetProperty("ending").GetProperty("reason").GetString(), StringComparison.Ordinal);
        // Only the first trial counts: the second was cut short by the signal.
        Assert.Equal([1.0], root.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("load_factor").GetDouble()));
        var search = root.GetProperty("capacity").EnumerateArray().Single();
        Assert.Equal(1, search.GetProperty("trail").GetArrayLength());
        Assert.Contains("trial 2 (load 2), which was cut short and is not counted", search.GetProperty("stop_reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("PARTIAL: stopped before its end", File.ReadLines(Path.Combine(outDir, "sizing.md")).First(), StringComparison.Ordinal);
        // A CI server reading the JUnit file sees the stop as an error, not a clean pass.
        var ended = System.Xml.Linq.XDocument.Load(dir.File("size.xml")).Descendants("testcase").Single(c => c.Attribute("name")!.Value == "size ended");
        Assert.Contains("stopped by a signal", ended.Element("error")!.Attribute("message")!.Value, StringComparison.Ordinal);
        Assert.Contains("PARTIAL: stopped before its end", await File.ReadAllTextAsync(Path.Combine(outDir, "sizing.html")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_size_run_sent_SIGINT_before_any_trial_ended_exits_4_and_writes_no_plan()
    {
        using var dir = new TempDir();
        var outDir = dir.File("out");
        using var size = new RunningCli("size", TinyScenario.WriteTo(dir), "--slo", "alarm.p99<5s", "--warm-up", "1s", "--steady", "30s",
            "--settle", "1s", "--repeats", "1", "--out", outDir);

        await size.WaitForLineAsync(l => l.Contains("1 node, trial 1 (", StringComparison.Ordinal), TimeSpan.FromMinutes(3));
        size.Interrupt();
        var (code, output) = await size.ExitAsync(TimeSpan.FromMinutes(2));

        Assert.True(code == 4, $"exit {code}\n{output}");
        Assert.Contains("ABORTED", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(outDir, "sizing.json")), "a plan from no finished trial");
    }
}
