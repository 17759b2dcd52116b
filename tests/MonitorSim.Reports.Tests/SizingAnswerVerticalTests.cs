using System.Text.Json;
using MonitorSim.Reports.Sizing;

namespace MonitorSim.Reports.Tests;

/// <summary>
/// The answer considers every configuration the run measured, the vertical axis's quotas (<c>size --vertical</c>) among
/// them: of those that carry the design load, the one with the fewest cores, and the trial of its own search that backs
/// it. On <see cref="SizingVerticalReportTests.WithVertical"/>: one node sharing the machine's 2 cores carried 4,700 ops/s;
/// one node capped at 0.25, 0.5, 1 and 1.5 cores carried 100, 300, 650 and 1,000 ops/s, each quota's first trial
/// completing 99 % of that at its passed load.
/// </summary>
public sealed class SizingAnswerVerticalTests
{
    [Fact]
    public void The_smallest_measured_quota_that_carries_the_design_load_is_the_answer_backed_by_a_trial_of_its_search()
    {
        var run = SizingVerticalReportTests.WithVertical(growth: 3); // design load 825 ops/s: 1.5 cores carry it, 2 shared cores too

        var answer = SizingAnswer.Of(run)!;
        var line = SizingMarkdown.Render(run).Split('\n')[2];

        Assert.Equal(1, answer.Nodes);
        Assert.Equal(1.5, answer.CoresPerNode);
        Assert.True(answer.Isolated);
        Assert.Equal(1.5, answer.VerticalQuota);
        Assert.StartsWith("**1 node of 1.5 cores (CPU-isolated, the vertical axis's search) carries the design load of 825 ops/s (peak: ", line);
        Assert.Contains("at every SLO (trial 1 of the search at 1.5 cores at load factor 100, 990 ops/s completed: alarm.p99 \\< 250ms held at 100)", line);
        Assert.Contains("margin 1.21× (capacity 1,000 ops/s measured: load factor 100 passed every repeat it needed, 110 failed)", line);
        // The quota was not predicted from light trials; the line over the smaller quotas predicted it, and says how well.
        Assert.Contains("capacity not predicted from light trials on a quota of the vertical axis; the smaller quotas predicted it: " +
                        "capacity on 1 node of 1.5 cores (ops/s): predicted 1,017.857, measured 1,000, error +1.8 %", line);
    }

    [Fact]
    public void A_smaller_quota_that_carries_a_smaller_design_load_is_chosen_over_the_larger_ones()
    {
        var run = SizingVerticalReportTests.WithVertical(growth: 1); // design load 275 ops/s: 0.5 cores carry 300

        var answer = SizingAnswer.Of(run)!;

        Assert.Equal(0.5, answer.VerticalQuota);
        Assert.Equal("1 node of 0.5 cores (CPU-isolated, the vertical axis's search)", answer.Configuration());
        Assert.True(answer.Fits);
        Assert.Equal(300, answer.CapacityOpsPerSecond!.Value, 9);
        Assert.Contains("the axis's check is its largest quota", answer.NoPrediction);
    }

    [Fact]
    public void When_no_quota_carries_the_design_load_the_cluster_that_carried_more_is_the_answer()
    {
        var run = SizingVerticalReportTests.WithVertical(growth: 15); // design load 4,123 ops/s: only the shared 2 cores carry it

        var answer = SizingAnswer.Of(run)!;

        Assert.Null(answer.VerticalQuota);
        Assert.Equal("1 node sharing this machine's 2 cores with the load generator", answer.Configuration());
        Assert.True(answer.Fits);
    }

    [Fact]
    public void The_json_answer_names_the_quota_and_the_trial_that_back_it()
    {
        using var doc = JsonDocument.Parse(SizingJson.Render(SizingVerticalReportTests.WithVertical(growth: 3)));
        var headline = doc.RootElement.GetProperty("headline");

        Assert.Equal(1.5, headline.GetProperty("vertical_quota_cores").GetDouble());
        Assert.Equal(1.5, headline.GetProperty("cores_per_node").GetDouble());
        Assert.Equal(1, headline.GetProperty("evidence_trial").GetInt32());
        Assert.True(headline.GetProperty("fits").GetBoolean());
    }
}
