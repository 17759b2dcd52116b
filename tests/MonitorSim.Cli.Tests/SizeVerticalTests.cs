using System.Text.Json;
using System.Xml.Linq;
using MonitorSim.Harness.Isolation;

namespace MonitorSim.Cli.Tests;

/// <summary><c>monitorsim size --vertical</c>: bad quotas are refused before anything starts (exit 2, saying what is wrong);
/// one short run on the tiny city searches one node at two CPU quotas and writes the axis into the plan.</summary>
[Collection(ChildProcessRunCollection.Name)]
public sealed class SizeVerticalTests
{
    [Theory]
    [InlineData("0.5,abc", "--vertical: 'abc' is not a number of cores above 0")]
    [InlineData("0,1", "--vertical: '0' is not a number of cores above 0")]
    [InlineData("-0.5,1", "--vertical: '-0.5' is not a number of cores above 0")]
    [InlineData("1,0.5,1", "--vertical: 1 cores is listed twice")]
    [InlineData("1", "--vertical: one quota (1 cores) makes no axis; list two or more")]
    [InlineData("tiny.yaml", "--vertical: 'tiny.yaml' is not a list of cores; for the default quotas put --vertical after the scenario")]
    public async Task A_malformed_vertical_axis_is_bad_input_and_says_how_to_write_it(string value, string expected)
    {
        using var dir = new TempDir();
        var scenario = TinyScenario.WriteTo(dir);

        var result = await Cli.RunAsync("size", scenario, "--vertical", value, "--out", dir.File("out"));

        result.ExpectExit(2);
        Assert.Contains(expected, result.Output.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("out", "sizing.json")), "nothing is run on bad input");
    }

    [Fact]
    public async Task A_vertical_quota_that_leaves_the_generator_no_cores_is_bad_input()
    {
        using var dir = new TempDir();
        var cores = Environment.ProcessorCount;

        var result = await Cli.RunAsync("size", TinyScenario.WriteTo(dir), "--vertical", $"0.5,{cores}", "--out", dir.File("out"));

        result.ExpectExit(2);
        Assert.Contains($"--vertical: {cores} cores exceed this machine's {cores} cores less the load generator's 0.5", result.Output.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal));
        Assert.False(File.Exists(dir.File("out", "sizing.json")));
    }

    [Fact]
    public async Task The_default_quotas_are_taken_when_the_option_has_no_list()
    {
        using var dir = new TempDir();

        // A generator quota of 0.6 on two cores leaves 1.4: the default's largest, 1.5, does not fit, and the message names it.
        var result = await Cli.RunAsync("size", TinyScenario.WriteTo(dir), "--vertical", "--generator-cpus", (Environment.ProcessorCount - 0.4).ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", dir.File("out"));

        result.ExpectExit(2);
        Assert.Contains("--vertical: 1.5 cores exceed this machine's", result.Output.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Size_searches_one_node_at_two_quotas_and_writes_capacity_against_cores_into_the_plan()
    {
        var (cgroups, problem) = CpuCgroups.Detect();
        Skip.If(cgroups is null, problem);
        using var dir = new TempDir();
        var outDir = dir.File("out");

        // The tiny city holds a 5 s p99 far beyond load factor 4 even at a quarter core: each search stops at the ceiling.
        var result = await CliProcess.RunAsync(TimeSpan.FromMinutes(4), "size", TinyScenario.WriteTo(dir), "--slo", "alarm.p99<5s", "--warm-up", "1s",
            "--steady", "2s", "--settle", "1s", "--max-load", "4", "--repeats", "1", "--vertical", "0.25,0.5", "--out", outDir,
            "--junit", Path.Combine(outDir, "junit.xml"));

        Assert.True(result.ExitCode is 0 or 1, $"exit {result.ExitCode}: {result.Output}");
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "sizing.json")));
        var vertical = doc.RootElement.GetProperty("vertical");
        var quotas = vertical.GetProperty("quotas").EnumerateArray().ToList();
        Assert.Equal([0.25, 0.5], quotas.Select(q => q.GetProperty("cores").GetDouble()));
        // A quarter core doubles 1, 2, 4 and stops at the ceiling; half a core starts where the quarter's capacity × 2 puts it
        // (8, held to the ceiling of 4), so it needs one trial.
        Assert.Equal([1.0, 2, 4], quotas[0].GetProperty("trials").EnumerateArray().Select(t => t.GetProperty("load_factor").GetDouble()));
        Assert.Equal([4.0], quotas[1].GetProperty("trials").EnumerateArray().Select(t => t.GetProperty("load_factor").GetDouble()));
        Assert.All(quotas, q =>
        {
            Assert.True(q.GetProperty("carries").GetBoolean());
            Assert.True(q.GetProperty("capacity_ops").GetDouble() > 100, "load factor 4 of the tiny city completes ~180 ops/s");
        });
        Assert.Equal(2, vertical.GetProperty("line").GetProperty("points").GetInt32());
        var held = vertical.GetProperty("held_out");
        Assert.Contains("proportional scaling from 0.25 cores", held.GetProperty("method").GetString());
        // The held-out check is one of the run's verdicts, and a miss is what a failing JUnit case says.
        var cases = XDocument.Load(Path.Combine(outDir, "junit.xml")).Descendants("testcase").ToList();
        var vcase = Assert.Single(cases, c => ((string)c.Attribute("name")!).StartsWith("vertical axis: ", StringComparison.Ordinal));
        Assert.Equal(held.GetProperty("hit").GetBoolean(), vcase.Element("failure") is null);
        var md = await File.ReadAllTextAsync(Path.Combine(outDir, "sizing.md"));
        Assert.Contains("\n## Capacity against cores\n", md);
        Assert.Contains("| 0.5 | 4 | none |", md);
        Assert.Contains("data-chart=\"cores\"", await File.ReadAllTextAsync(Path.Combine(outDir, "sizing.html")));
        Assert.True(File.Exists(Path.Combine(outDir, "size-1-node-0.25-cores.db")) && File.Exists(Path.Combine(outDir, "size-1-node-0.5-cores.db")),
            "each quota ran on a store of its own");
    }
}
