using System.Xml.Linq;

namespace MonitorSim.Cli.Tests;

/// <summary><c>monitorsim compare --fail-on</c>: a pipeline gates on a regression against its baseline (exit 1), per
/// operation or per stream, relative or absolute; a rule that cannot be read or judged is bad input (exit 2).</summary>
public sealed class CompareFailOnTests
{
    /// <summary>A summary.json with an alarm operation made of two streams, and their own figures.</summary>
    private static string Run(TempDir dir, string name, double alarmP99, double morningP99, long morningFailed)
    {
        var folder = dir.File(name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "summary.json"), $$"""
            {
              "scenario": "xuzhou_peak", "seed": 42, "duration_s": 60, "nodes": 1,
              "run": { "load_factor": 1 },
              "operations": { "offered": 2000, "completed": 2000, "failed": {{morningFailed}}, "dropped": 0, "timed_out": 0 },
              "throughput_ops": 400,
              "latency_ms": { "alarm": { "count": 2000, "mean": 3, "p50": 2, "p90": 5, "p99": {{alarmP99}}, "p999": 40, "max": 50 } },
              "per_operation": { "alarm": { "offered": 2000, "completed": 2000, "failed": {{morningFailed}}, "dropped": 0, "timed_out": 0 } },
              "streams": {
                "ordinary_alarms": { "operation": "alarm", "offered": 1000, "completed": 1000, "failed": 0, "dropped": 0, "timed_out": 0,
                           "latency_ms": { "count": 1000, "mean": 2, "p50": 2, "p90": 4, "p99": 10, "p999": 20, "max": 30 } },
                "morning_alarms": { "operation": "alarm", "offered": 1000, "completed": 1000, "failed": {{morningFailed}}, "dropped": 0, "timed_out": 0,
                           "latency_ms": { "count": 1000, "mean": 4, "p50": 3, "p90": 8, "p99": {{morningP99}}, "p999": 40, "max": 50 } }
              },
              "resources": { "cpu_s": 10, "peak_working_set_mb": 200 }
            }
            """);
        return folder;
    }

    [Fact]
    public async Task A_p99_that_grew_more_than_the_rule_allows_fails_the_comparison_with_exit_1_and_says_by_how_much()
    {
        using var dir = new TempDir();
        var baseline = Run(dir, "baseline", alarmP99: 20, morningP99: 25, morningFailed: 0);
        var candidate = Run(dir, "candidate", alarmP99: 23, morningP99: 25, morningFailed: 0);

        var result = (await Cli.RunAsync("compare", baseline, candidate, "--out", dir.File("cmp.md"), "--fail-on", "alarm.p99 > +10%")).ExpectExit(1);

        Assert.Contains("REGRESSION run 2: alarm.p99 > +10%: 20 → 23, change +15%: holds", result.Output, StringComparison.Ordinal);
        Assert.Contains("FAIL: compare: 1 regression(s)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_rule_holds_no_regression_when_the_p99_grew_less_and_the_comparison_passes()
    {
        using var dir = new TempDir();
        var baseline = Run(dir, "baseline", alarmP99: 20, morningP99: 25, morningFailed: 0);
        var candidate = Run(dir, "candidate", alarmP99: 21, morningP99: 25, morningFailed: 0);

        var result = (await Cli.RunAsync("compare", baseline, candidate, "--out", dir.File("cmp.md"), "--fail-on", "alarm.p99 > +10%")).ExpectExit(0);

        Assert.Contains("PASS: compare: no --fail-on rule holds", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rule_on_a_stream_judges_that_stream_alone_not_the_operation_its_stream_shares()
    {
        using var dir = new TempDir();
        // The operation's p99 is unchanged; only the morning stream's grew, by 30 ms.
        var baseline = Run(dir, "baseline", alarmP99: 20, morningP99: 25, morningFailed: 0);
        var candidate = Run(dir, "candidate", alarmP99: 20, morningP99: 55, morningFailed: 0);

        var onOperation = await Cli.RunAsync("compare", baseline, candidate, "--out", dir.File("a.md"), "--fail-on", "alarm.p99 > +20ms");
        var onStream = await Cli.RunAsync("compare", baseline, candidate, "--out", dir.File("b.md"), "--fail-on", "morning_alarms.p99 > +20ms");

        onOperation.ExpectExit(0);
        onStream.ExpectExit(1);
        Assert.Contains("morning_alarms.p99 > +20ms: 25 → 55ms, change +30ms: holds", onStream.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rule_on_the_runs_own_value_fails_when_the_stream_failed_more_than_it_allows()
    {
        using var dir = new TempDir();
        var baseline = Run(dir, "baseline", 20, 25, morningFailed: 0);
        var candidate = Run(dir, "candidate", 20, 25, morningFailed: 30); // 3 % of the morning stream's 1,000

        (await Cli.RunAsync("compare", baseline, candidate, "--out", dir.File("a.md"), "--fail-on", "morning_alarms.fail_pct > 2%")).ExpectExit(1);
        (await Cli.RunAsync("compare", baseline, candidate, "--out", dir.File("b.md"), "--fail-on", "morning_alarms.fail_pct > 5%")).ExpectExit(0);
    }

    [Theory]
    [InlineData("alarm.p99 +10%", "is not a rule")]
    [InlineData("alarm.p99 > 10%", "a percentage without a sign is a value")]
    [InlineData("alarm.loudness > +10%", "unknown statistic 'loudness'")]
    [InlineData("speed > +10%", "unknown metric 'speed'")]
    [InlineData("alarm.failed > +5ms", "is not a time")]
    public async Task A_rule_that_cannot_be_read_is_bad_input_naming_fail_on(string rule, string expected)
    {
        using var dir = new TempDir();
        var baseline = Run(dir, "baseline", 20, 25, 0);
        var candidate = Run(dir, "candidate", 20, 25, 0);

        var result = (await Cli.RunAsync("compare", baseline, candidate, "--out", dir.File("cmp.md"), "--fail-on", rule)).ExpectExit(2);

        Assert.Contains($"error: --fail-on: '{rule}'", result.Output, StringComparison.Ordinal);
        Assert.Contains(expected, result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("cmp.md")), "nothing is compared on bad input");
    }

    [Fact]
    public async Task A_rule_naming_a_stream_the_runs_do_not_have_cannot_gate_and_is_bad_input()
    {
        using var dir = new TempDir();
        var baseline = Run(dir, "baseline", 20, 25, 0);
        var candidate = Run(dir, "candidate", 20, 25, 0);

        var result = (await Cli.RunAsync("compare", baseline, candidate, "--out", dir.File("cmp.md"), "--fail-on", "evening_alarms.p99 > +10%")).ExpectExit(2);

        Assert.Contains("evening_alarms.p99 is not in the compared run's summary.json", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Junit_has_one_test_case_per_rule_and_run_and_a_regression_is_a_failure_carrying_its_figures()
    {
        using var dir = new TempDir();
        var baseline = Run(dir, "baseline", alarmP99: 20, morningP99: 25, morningFailed: 0);
        var better = Run(dir, "better", alarmP99: 18, morningP99: 25, morningFailed: 0);
        var worse = Run(dir, "worse", alarmP99: 30, morningP99: 25, morningFailed: 0);
        var junit = dir.File("out", "compare.xml");

        var result = (await Cli.RunAsync("compare", baseline, better, worse, "--out", dir.File("cmp.md"), "--fail-on", "alarm.p99 > +10%",
            "--fail-on", "throughput_ops < -5%", "--junit", junit)).ExpectExit(1);

        var suite = XDocument.Load(junit).Root!.Element("testsuite")!;
        Assert.Equal("4", suite.Attribute("tests")!.Value);
        Assert.Equal("1", suite.Attribute("failures")!.Value);
        var cases = suite.Elements("testcase").ToList();
        Assert.Equal(4, cases.Count);
        var failed = Assert.Single(cases, c => c.Element("failure") is not null);
        Assert.Equal("alarm.p99 > +10% (run 3: worse)", failed.Attribute("name")!.Value);
        Assert.Contains("20 → 30, change +50%", failed.Element("failure")!.Attribute("message")!.Value, StringComparison.Ordinal);
        // The files written come last, the JUnit file among them.
        Assert.EndsWith($"wrote {junit}", result.Output.TrimEnd(), StringComparison.Ordinal);
    }
}
