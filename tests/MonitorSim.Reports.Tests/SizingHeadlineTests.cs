using System.Text.Json;
using System.Text.RegularExpressions;
using MonitorSim.Reports.Sizing;
using MonitorSim.Sizing.Design;
using MonitorSim.Sizing.Prediction;

namespace MonitorSim.Reports.Tests;

/// <summary>
/// The sizing report leads with the answer: which measured configuration carries the design load, at what margin, on which
/// trial's evidence, and how far the capacity prediction was from the search. Judged on the made-up run of
/// <see cref="SizingReportTests.Sample"/>, whose figures are worked out here by hand: six trials at load factors 1–32
/// completing 320, 640, 1,270, 2,500, 4,700 and 5,000 ops/s (90 % keepalives, 10 % alarms), the last breaking the SLO, so
/// the search's capacity is 4,700 ops/s at load factor 16 (32 failed), on one node sharing the machine's 2 cores.
/// </summary>
public sealed class SizingHeadlineTests
{
    /// <summary>Offered per unit of load factor over the six trials: 14,430 ops/s·lf / 63 lf; keepalives 90 %, alarms 10 %.</summary>
    private const double PerLoadFactor = 14_430 / 63.0;

    /// <summary>At the peak factor 3 the alarms triple, the keepalives (a device timer) do not: 1.2 × the base rate.</summary>
    private const double PeakOps = PerLoadFactor * (0.9 + 0.1 * 3);

    private static string FirstLine(string markdown) => markdown.Split('\n')[2];

    [Fact]
    public void The_first_line_names_the_configuration_the_design_load_its_source_the_margin_and_the_trial_that_held_the_slo()
    {
        var run = SizingReportTests.Sample(growth: 3);
        var design = PeakOps * 3; // 824.6 ops/s
        var margin = 4700 / design;

        var line = FirstLine(SizingMarkdown.Render(run));

        Assert.StartsWith("**1 node sharing this machine's 2 cores with the load generator carries the design load of 825 ops/s (peak: ", line);
        Assert.Contains("× the peak factor 3", line);
        Assert.Contains(", × growth 3)", line);
        Assert.Contains($"margin {margin:0.00}×", line);
        Assert.Equal("5.70", margin.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        // The sample's search ran out of its budget with load factor 16 tried once: the line says so, not "every repeat".
        Assert.Contains("capacity 4,700 ops/s measured: load factor 16 passed its only trial, 32 failed", line);
        // The lowest-load trial that held the SLO and completed at least the design load: trial 3 (1,270 ops/s at load factor 4).
        Assert.Contains("trial 3 at load factor 4, 1,270 ops/s completed: alarm.p99 \\< 250ms held at 10.2", line);
        Assert.Contains("capacity not predicted: ", line);
    }

    [Fact]
    public void A_design_load_above_every_measured_capacity_is_said_not_to_be_carried_with_the_margin_below_one()
    {
        var run = SizingReportTests.Sample(growth: 30); // 8,246 ops/s against 4,700
        var line = FirstLine(SizingMarkdown.Render(run));

        Assert.StartsWith("**NOT CARRIED: no measured configuration carries the design load of 8,246 ops/s (peak", line);
        Assert.Contains($"margin {4700 / (PeakOps * 30):0.00}× (below 1)", line);
        Assert.DoesNotContain(" carries the design load of 8,246 ops/s at every SLO", line);
        Assert.False(SizingAnswer.Of(run)!.Fits);
    }

    [Fact]
    public void A_storm_larger_than_the_peak_becomes_the_design_load_and_the_first_line_says_where_it_comes_from()
    {
        // 20,000 cameras within 20 s: 1,000 registrations/s on top of the scenario's 229 ops/s, against the peak's 275.
        var run = SizingReportTests.Sample(growth: 1, storm: new StormSpec("the largest platform, xz/gulou/p01", 20_000, 20, "registration"));
        var storm = 1000 + PerLoadFactor;

        var line = FirstLine(SizingMarkdown.Render(run));

        Assert.Contains($"the design load of {Math.Round(storm):#,0} ops/s (storm: 20,000 cameras of the largest platform, xz/gulou/p01 re-registering within reregister_jitter 20 s (1,000 registration/s)", line);
        Assert.Contains($"margin {4700 / storm:0.00}×", line);
        var section = SizingMarkdown.Render(run).Split("\n## Design load\n")[1].Split("\n## ")[0];
        Assert.Contains($"| `storm` | {Math.Round(storm):#,0} | {Math.Round(storm):#,0} | yes |", section);
        Assert.Contains($"| `peak` | {Math.Round(PeakOps):#,0} | {Math.Round(PeakOps):#,0} |  |", section);
    }

    [Fact]
    public void A_capacity_prediction_that_missed_is_in_the_first_line_with_its_error_and_the_plan_uses_the_measurement()
    {
        // Predicted load factor 30 against the middle of 16–32, √512 = 22.63: +32.6 %, beyond ±20 %.
        var check = new PredictionCheck("capacity (load factor)", 30, Math.Sqrt(16 * 32), ClusterPredictions.CapacityTolerance, "light trials 1–2");
        var run = SizingReportTests.Sample() with { Predictions = [new ClusterPredictions(1, null, null, [check], [])] };

        var md = SizingMarkdown.Render(run);
        var line = FirstLine(md);

        Assert.Contains("capacity predicted load factor 30, measured 22.627 (the search's interval's middle; error +32.6 %, PREDICTION MISSED its ±20 %: the plan uses the measured capacity)", line);
        // Stated once at the top, not again as a line of its own.
        Assert.Single(Regex.Matches(md[..md.IndexOf("\n## ", StringComparison.Ordinal)], "PREDICTION MISSED"));
        var hit = SizingReportTests.Sample() with
        {
            Predictions = [new ClusterPredictions(1, null, null, [check with { Predicted = 24 }], [])],
        };
        Assert.Contains("error +6.1 %, within ±20 %)", FirstLine(SizingMarkdown.Render(hit)));
    }

    [Fact]
    public void A_prediction_the_search_could_not_check_is_given_as_predicted_and_not_checked()
    {
        var (prediction, _) = CapacityPrediction.Predict(
            [new TrialPoint(1, 1, 320, 0.2, 10, true), new TrialPoint(2, 2, 640, 0.3, 10, true)], cores: 2, new PercentileSlo("alarm", 0.99, 250));
        var unbracketed = SizingReportTests.Sample() with
        {
            Clusters = [SizingReportTests.Sample().Clusters![0] with { Search = SizingReportTests.Sample().Clusters![0].Search! with { FailedLoad = null } }],
            Predictions = [new ClusterPredictions(1, prediction, null, [], [])],
        };

        var line = FirstLine(SizingMarkdown.Render(unbracketed));

        var predicted = Math.Round(prediction!.LoadFactor, 3).ToString("#,0.###", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"capacity predicted load factor {predicted} but not checked: the search found no load that failed (its ceiling held)", line);
        Assert.Contains("no load tried failed", line);
    }

    [Fact]
    public void A_miss_on_another_cluster_size_follows_the_answer_in_the_first_lines()
    {
        var miss = new PredictionCheck("capacity (load factor)", 50, 10, ClusterPredictions.CapacityTolerance, "light trials");
        var run = SizingReportTests.Sample() with { Predictions = [new ClusterPredictions(3, null, null, [miss], [])] };

        var lines = SizingMarkdown.Render(run).Split('\n');

        Assert.StartsWith("**1 node sharing", lines[2]);
        Assert.StartsWith("**PREDICTION MISSED on 3 nodes: capacity (load factor): predicted 50, measured 10, error +400.0 %", lines[4]);
    }

    [Fact]
    public void Isolated_nodes_are_named_with_their_quota()
    {
        var run = SizingReportTests.Sample() with { NodeCpus = 0.4 };

        Assert.StartsWith("**1 node of 0.4 cores each (CPU-isolated) carries the design load", FirstLine(SizingMarkdown.Render(run)));
    }

    [Fact]
    public void With_isolated_nodes_the_predictions_are_said_to_be_made_from_trials_below_half_of_the_nodes_quota_not_of_the_machine()
    {
        var (prediction, _) = CapacityPrediction.Predict(
            [new TrialPoint(1, 1, 320, 0.1, 10, true), new TrialPoint(2, 2, 640, 0.15, 10, true)], cores: 0.8, new PercentileSlo("alarm", 0.99, 250));
        var run = SizingReportTests.Sample() with { NodeCpus = 0.4, Predictions = [new ClusterPredictions(2, prediction, null, [], [])] };

        var report = SizingMarkdown.Render(run);

        Assert.Contains("Made from the trials below half of the cores predicted for (each node's quota of 0.4 cores × its nodes) only", report);
        Assert.DoesNotContain("half of the machine's cores", report);
    }

    [Fact]
    public void The_json_and_the_html_lead_with_the_same_answer_and_its_figures()
    {
        var run = SizingReportTests.Sample(growth: 3);
        var first = SizingAnswer.Lead(run)[0];

        using var doc = JsonDocument.Parse(SizingJson.Render(run));
        var root = doc.RootElement;
        Assert.Equal("headline", root.EnumerateObject().First().Name);
        var h = root.GetProperty("headline");
        Assert.Equal(first, h.GetProperty("lines")[0].GetString());
        Assert.True(h.GetProperty("fits").GetBoolean());
        Assert.Equal(PeakOps * 3, h.GetProperty("design_load_ops").GetDouble(), 2);
        Assert.Equal("peak", h.GetProperty("design_load").GetString());
        Assert.Equal(4700, h.GetProperty("capacity_ops").GetDouble());
        Assert.Equal(4700 / (PeakOps * 3), h.GetProperty("margin").GetDouble(), 3);
        Assert.Equal(3, h.GetProperty("evidence_trial").GetInt32());
        Assert.Equal(2, h.GetProperty("cores_per_node").GetDouble());
        Assert.Equal(PeakOps * 3 / PerLoadFactor, root.GetProperty("design_load").GetProperty("load_factor").GetDouble(), 3);

        var html = SizingHtml.Render(run);
        var h1 = html.IndexOf("</h1>", StringComparison.Ordinal);
        var p = html.IndexOf("<p class=\"answer\"><strong>", StringComparison.Ordinal);
        Assert.True(p > h1 && p < html.IndexOf("<section>", StringComparison.Ordinal), "the answer comes before the first section");
        Assert.Contains(System.Net.WebUtility.HtmlEncode(first), html);
        // The search trail's chart draws the design load across it, in its unit: 824.6 / 229.05 ops/s per load factor.
        using var data = ChartPage.Data(html);
        Assert.Equal(3.6, data.RootElement.GetProperty("design_load_factor").GetDouble(), 3);
    }
}
