using System.Text.Json;
using MonitorSim.Reports.Sizing;
using MonitorSim.Sizing.Prediction;

namespace MonitorSim.Reports.Tests;

/// <summary>The node axis's held-out check says how far it reaches past the counts it was fitted on, and whether the
/// searches' own intervals could account for its error: a miss they cannot close is the model's or the cluster's, not
/// the search's resolution.</summary>
public sealed class SizingNodeAxisResolutionTests
{
    /// <summary>1 and 2 nodes as on 2026-12-07 (167,002 and 236,196 ops/s, intervals 4.4 %), 3 nodes at
    /// <paramref name="three"/> ops/s at load factor 1,134.2, failed at <paramref name="threeFailed"/>.</summary>
    private static SizingRun Run(double three, double threeFailed = 1_184.4) => SizingReportTests.Sample() with
    {
        NodeCpus = 0.4,
        NodeCapacity = NodeCapacityAxis.Analyse(
        [
            new SearchedNodeCapacity(1, 512, 534.7, [167_002]), new SearchedNodeCapacity(2, 724.1, 756.1, [236_196]),
            new SearchedNodeCapacity(3, 1_134.2, threeFailed, [three]),
        ]),
    };

    /// <summary>The markdown report's lines before its first section: the answer and every missed prediction.</summary>
    private static string[] Lead(SizingRun run)
    {
        var md = SizingMarkdown.Render(run);
        return md[..md.IndexOf("\n## ", StringComparison.Ordinal)].Split('\n');
    }

    [Fact]
    public void A_node_axis_miss_beyond_the_searches_intervals_says_so_in_the_first_lines()
    {
        var lead = Lead(Run(369_985));

        var miss = Assert.Single(lead, l => l.StartsWith("**PREDICTION MISSED on the node axis", StringComparison.Ordinal));
        Assert.Contains("(more than the searches' intervals allow)", miss);
    }

    [Fact]
    public void A_node_axis_miss_within_the_searches_intervals_says_that_instead()
    {
        // The line puts 3 nodes at 305,390 (297,996–326,304): 260,000 is a miss (+17.5 %), but a search whose interval
        // was 40 % wide (260,000–364,000) cannot tell it from a hit.
        var lead = Lead(Run(260_000, threeFailed: 1_134.2 * 1.4));

        var miss = Assert.Single(lead, l => l.StartsWith("**PREDICTION MISSED on the node axis", StringComparison.Ordinal));
        Assert.Contains("(within what the searches' intervals allow)", miss);
    }

    [Fact]
    public void The_node_section_states_the_reach_and_both_ranges()
    {
        var section = ReportSections.Of(SizingMarkdown.Render(Run(369_985)), "Capacity against nodes");

        Assert.Contains("The prediction reaches 1.5× the largest node count fitted.", section);
        Assert.Contains("The searches' intervals put the prediction at 297,", section);
        Assert.Contains("they do not overlap", section);
    }

    [Fact]
    public void The_json_held_out_check_carries_the_ranges_the_reach_and_the_verdict()
    {
        using var doc = JsonDocument.Parse(SizingJson.Render(Run(369_985)));
        var held = doc.RootElement.GetProperty("node_capacity").GetProperty("held_out");

        Assert.Equal(2 * 236_196 - 167_002 * 534.7 / 512, held.GetProperty("predicted_low").GetDouble(), 3);
        Assert.Equal(369_985 * 1_184.4 / 1_134.2, held.GetProperty("measured_high").GetDouble(), 3);
        Assert.Equal(1.5, held.GetProperty("reach").GetDouble());
        Assert.False(held.GetProperty("within_search_resolution").GetBoolean());
    }
}
