using System.Text.Json;
using MonitorSim.Reports.Sizing;
using MonitorSim.Sizing.Planning;

namespace MonitorSim.Reports.Tests;

/// <summary>A trial that lost operations far below overload leads the report: the search counted it as failed, so a
/// capacity bounded by it would be a defect's, not the hardware's.</summary>
public sealed class SizingLossReportTests
{
    /// <summary>The sample's trials, trial 3 (load factor 4) broken by 3 timed-out operations at an alarm p99 of 10.2 ms
    /// against 250, trial 6 (load factor 32) broken by its p99 as well.</summary>
    private static SizingRun WithLostOperations() => SizingReportTests.Sample(alter: s => s.Number switch
    {
        3 => s with { Slo = [new SloVerdict("alarm.p99 < 250ms", 10.2, true, 250), new SloVerdict("timed_out == 0", 3, false)] },
        6 => s with { Slo = [new SloVerdict("alarm.p99 < 250ms", 311.6, false, 250), new SloVerdict("timed_out == 0", 40, false)] },
        _ => s,
    });

    private static string[] Lead(SizingRun run)
    {
        var md = SizingMarkdown.Render(run);
        return md[..md.IndexOf("\n## ", StringComparison.Ordinal)].Split('\n');
    }

    [Fact]
    public void A_trial_that_lost_operations_with_its_latency_far_below_the_limit_is_named_in_the_first_lines()
    {
        var line = Assert.Single(Lead(WithLostOperations()), l => l.Contains("OPERATIONS LOST BELOW OVERLOAD", StringComparison.Ordinal));

        Assert.Contains("on 1 node: a trial broke the SLO only on lost or failed operations", line);
        Assert.Contains("trial 3 at load factor 4: timed_out == 0 broke at 3", line);
        Assert.DoesNotContain("trial 6", line); // its p99 broke too: overload
    }

    [Fact]
    public void A_run_whose_failures_were_all_overload_has_no_such_line()
    {
        Assert.DoesNotContain(Lead(SizingReportTests.Sample()), l => l.Contains("OPERATIONS LOST", StringComparison.Ordinal));
    }

    [Fact]
    public void Sizing_json_marks_the_trial_and_gives_each_latency_objective_its_limit()
    {
        using var doc = JsonDocument.Parse(SizingJson.Render(WithLostOperations()));
        var steps = doc.RootElement.GetProperty("steps").EnumerateArray().ToList();

        Assert.Equal([3], steps.Where(s => s.GetProperty("broke_on_loss_alone").GetBoolean()).Select(s => s.GetProperty("step").GetInt32()));
        var third = steps.Single(s => s.GetProperty("step").GetInt32() == 3).GetProperty("slo").EnumerateArray().ToList();
        Assert.Equal(250, third[0].GetProperty("latency_limit_ms").GetDouble());
        Assert.Equal(JsonValueKind.Null, third[1].GetProperty("latency_limit_ms").ValueKind);
    }
}
