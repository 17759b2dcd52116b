using System.Globalization;
using System.Xml.Linq;
using MonitorSim.Load.Results;

namespace MonitorSim.Cli.Tests;

/// <summary>What a pipeline reads from a run: JUnit XML (one test case per threshold, failures with the measured value),
/// <c>--quiet</c> (the verdict line alone), and the files written printed last. A self-test target: no tree needed.</summary>
public sealed class PipelineOutputTests
{
    private static string Scenario(TempDir dir)
    {
        var path = dir.File("delay.yaml");
        File.WriteAllText(path, """
            name: delay_check
            duration: 3s
            warm_up: 1s
            completion_timeout: 1s
            scenarios:
              - name: slow
                operation: { target: fixed_delay, delay: 20ms }
                load:
                  - inject: { rate: 50, interval: 1s }
            thresholds:
              - "fixed_delay.p99 < 5s"
              - "fixed_delay.p50 < 5ms"
              - "fixed_delay.fail_pct < 1%"
            """);
        return path;
    }

    [Fact]
    public async Task Junit_has_one_test_case_per_threshold_and_the_failed_one_carries_its_measured_value()
    {
        using var dir = new TempDir();
        var junit = dir.File("junit", "run.xml");

        var result = (await Cli.RunAsync("run", Scenario(dir), "--out", dir.File("report"), "--junit", junit)).ExpectExit(1);

        var doc = XDocument.Load(junit);
        var suite = doc.Root!.Element("testsuite")!;
        Assert.Equal("run delay_check", suite.Attribute("name")!.Value);
        Assert.Equal("3", suite.Attribute("tests")!.Value);
        Assert.Equal("1", suite.Attribute("failures")!.Value);
        var cases = suite.Elements("testcase").ToDictionary(c => c.Attribute("name")!.Value);
        Assert.Equal(["fixed_delay.p99 < 5s", "fixed_delay.p50 < 5ms", "fixed_delay.fail_pct < 1%"], cases.Keys);
        Assert.Null(cases["fixed_delay.p99 < 5s"].Element("failure"));
        var failure = cases["fixed_delay.p50 < 5ms"].Element("failure")!;
        // The measured p50 (about the 20 ms delay) is in the message, as summary.json has it.
        var measured = Summary.Read(dir.File("report")).At("thresholds").EnumerateArray().Single(t => t.GetProperty("expr").GetString() == "fixed_delay.p50 < 5ms")
            .GetProperty("value").GetDouble();
        Assert.InRange(measured, 19, 200);
        Assert.StartsWith($"measured {measured.ToString("0.###", CultureInfo.InvariantCulture)}", failure.Attribute("message")!.Value, StringComparison.Ordinal);
        Assert.Contains("FAIL: run delay_check: 1 of 3 thresholds failed: fixed_delay.p50 < 5ms (measured", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_prints_the_files_it_wrote_last_and_quiet_prints_only_the_verdict_line()
    {
        using var dir = new TempDir();
        var scenario = Scenario(dir);
        var junit = dir.File("run.xml");

        var loud = (await Cli.RunAsync("run", scenario, "--out", dir.File("loud"), "--junit", junit)).ExpectExit(1);
        var quiet = (await Cli.RunAsync("run", scenario, "--out", dir.File("quiet"), "--quiet")).ExpectExit(1);

        var lines = loud.Output.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var written = lines.SkipWhile(l => !l.StartsWith("wrote ", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [.. new[] { "summary.json", "report.md", "report.html", "timeline.csv", "run.log" }.Select(f => $"wrote {dir.File("loud", f)}"), $"wrote {junit}"],
            written);
        Assert.StartsWith("FAIL: run delay_check:", lines[lines.Count - written.Count - 1], StringComparison.Ordinal);
        // The build that ran is recorded, and a Debug build says so first, in the console and in the report.
        var run = Summary.Read(dir.File("loud")).At("run");
        Assert.Equal(BuildInfo.Current.Commit, run.GetProperty("commit").GetString());
        Assert.Equal(BuildInfo.Current.Version, run.GetProperty("version").GetString());
#if DEBUG
        Assert.Equal("Debug", run.GetProperty("build_configuration").GetString());
        Assert.Contains("(Debug build", lines[0], StringComparison.Ordinal);
        Assert.Contains("Debug build", File.ReadLines(dir.File("loud", "report.md")).First(), StringComparison.Ordinal);
#else
        Assert.Equal("Release", run.GetProperty("build_configuration").GetString());
        Assert.DoesNotContain("Debug build", lines[0], StringComparison.Ordinal);
#endif

        var quietLines = quiet.Output.TrimEnd().Split('\n');
        var verdict = Assert.Single(quietLines);
        Assert.StartsWith("FAIL: run delay_check: 1 of 3 thresholds failed", verdict, StringComparison.Ordinal);
        Assert.True(File.Exists(dir.File("quiet", "summary.json")), "--quiet still writes the reports");
    }

    [Fact]
    public async Task Version_prints_the_version_the_commit_and_the_build_configuration_stamped_at_build()
    {
        var result = (await Cli.RunAsync("--version")).ExpectExit(0);

        var lines = result.Output.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Matches(@"^monitorsim \d+\.\d+\.\d+", lines[0]);
        Assert.Matches("^commit ([0-9a-f]{40}(\\.dirty)?|unknown)$", lines[1]);
#if DEBUG
        Assert.Equal("configuration Debug", lines[2]);
#else
        Assert.Equal("configuration Release", lines[2]);
#endif
        Assert.StartsWith("runtime .NET ", lines[3], StringComparison.Ordinal);
    }
}
