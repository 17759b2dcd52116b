namespace MonitorSim.Reports.Tests;

/// <summary>report.md tells a human the verdict and every measured figure.</summary>
public sealed class MarkdownReportTests(WrittenSample sample) : IClassFixture<WrittenSample>
{
    [Fact]
    public void The_title_names_the_scenario_and_a_passing_verdict()
    {
        var firstLine = sample.Read("report.md").Split('\n')[0];
        Assert.StartsWith("# ", firstLine, StringComparison.Ordinal);
        Assert.Contains("city_smoke", firstLine, StringComparison.Ordinal);
        Assert.Contains("PASS", firstLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_latency_key_appears_with_hops_marked()
    {
        var md = sample.Read("report.md");
        foreach (var key in SampleRuns.Create().Latency.Keys)
        {
            Assert.Contains(key, md, StringComparison.Ordinal);
        }
        Assert.Contains("↳ `alarm.point_to_platform`", md, StringComparison.Ordinal);
        Assert.Contains("| `alarm` | 48 | 12.346 | 10.1 | 20.2 | 30.3 | 40.4 | 50.5 |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_facts_workload_failures_and_events_are_listed()
    {
        var md = sample.Read("report.md");
        Assert.Contains("| Seed | 7 |", md, StringComparison.Ordinal);
        Assert.Contains("`abc1234`", md, StringComparison.Ordinal);
        Assert.Contains("| `alarm` | `alarm` | 2.5 | inject 2.5/s poisson | 50 | 48 | 1 | 1 |", md, StringComparison.Ordinal);
        Assert.Contains("`keepalive:not_registered`", md, StringComparison.Ordinal);
        Assert.Contains("- t=15s kill_node 2\n", md, StringComparison.Ordinal);
        Assert.Contains("| ✅ | `alarm.p99 < 250ms` | 30.3 | 0 of 51 | passed |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void The_how_to_read_note_explains_response_and_service_time()
    {
        var md = sample.Read("report.md");
        Assert.Contains("## How to read this", md, StringComparison.Ordinal);
        Assert.Contains("intended start", md, StringComparison.Ordinal);
        Assert.Contains("coordinated omission", md, StringComparison.Ordinal);
        Assert.Contains("actual start", md, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_threshold_makes_the_verdict_fail()
    {
        var md = MarkdownReport.Render(SampleRuns.Failing());
        var firstLine = md.Split('\n')[0];
        Assert.Contains("FAIL", firstLine, StringComparison.Ordinal);
        Assert.DoesNotContain("PASS", firstLine, StringComparison.Ordinal);
        Assert.Contains("| ❌ | `alarm.p99 < 25ms` | 30.3 | 51 of 51 | FAILED |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Free_text_cannot_break_a_table_or_inject_html()
    {
        var run = SampleRuns.Create() with
        {
            Workload = [new("s", "alarm", 1, "a | b <i>", new(1, 1, 0, 0))],
        };
        var md = MarkdownReport.Render(run);
        Assert.Contains("| a \\| b \\<i\\> |", md, StringComparison.Ordinal);
    }
}
