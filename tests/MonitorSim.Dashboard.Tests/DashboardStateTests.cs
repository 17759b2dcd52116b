using System.Text.Json;
using MonitorSim.Harness;
using MonitorSim.Load.Results;

namespace MonitorSim.Dashboard.Tests;

public sealed class DashboardStateTests
{
    private static JsonElement Json(DashboardState state, int knownWindow = -1, int fromRow = 0) =>
        JsonDocument.Parse(DashboardJson.Write(state.View(knownWindow, fromRow))).RootElement;

    [Fact]
    public void A_client_that_has_the_first_rows_of_the_window_gets_only_the_rows_after_them()
    {
        var state = new DashboardState("run", "city");
        state.WindowStarted(new WindowStart("city", 60, 10, 1));
        for (var t = 1; t <= 5; t++) state.Interval(Rows.At(t));

        var delta = Json(state, knownWindow: 1, fromRow: 3);

        Assert.Equal(3, delta.GetProperty("window").GetProperty("from_row").GetInt32());
        Assert.Equal(5, delta.GetProperty("window").GetProperty("rows").GetInt32());
        Assert.Equal([4.0, 5.0], delta.GetProperty("charts").GetProperty("t").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(5, delta.GetProperty("latest").GetProperty("t").GetDouble());
    }

    [Fact]
    public void A_client_of_an_earlier_window_gets_the_new_window_whole()
    {
        var state = new DashboardState("size", "city");
        state.WindowStarted(new WindowStart("step 1", 20, 5, 1));
        for (var t = 1; t <= 4; t++) state.Interval(Rows.At(t));
        state.WindowStarted(new WindowStart("step 2", 20, 5, 2));
        state.Interval(Rows.At(1));

        var view = Json(state, knownWindow: 1, fromRow: 4);

        Assert.Equal(2, view.GetProperty("window").GetProperty("number").GetInt32());
        Assert.Equal(0, view.GetProperty("window").GetProperty("from_row").GetInt32());
        Assert.Equal([1.0], view.GetProperty("charts").GetProperty("t").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(2, view.GetProperty("window").GetProperty("load_factor").GetDouble());
    }

    [Fact]
    public void The_latest_interval_is_shown_per_second_with_its_percentiles_per_operation_and_per_stream()
    {
        var state = new DashboardState("run", "city");
        var ended = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        state.WindowStarted(new WindowStart("city", 60, 10, 1));
        state.Interval(Rows.At(12, endedUtc: ended) with { IntervalS = 2 });

        var latest = Json(state).GetProperty("latest");

        Assert.Equal(50, latest.GetProperty("offered_per_s").GetDouble());
        Assert.Equal(49, latest.GetProperty("completed_per_s").GetDouble());
        Assert.Equal(1, latest.GetProperty("failed_per_s").GetDouble());
        Assert.Equal(12.25, latest.GetProperty("operations").GetProperty("alarm").GetProperty("p99_ms").GetDouble());
        Assert.Equal(50, latest.GetProperty("streams").GetProperty("alarm").GetProperty("ended_per_s").GetDouble());
        Assert.Equal(new DateTimeOffset(ended).ToUnixTimeMilliseconds(), latest.GetProperty("ended_unix_ms").GetInt64());
    }

    [Fact]
    public void A_node_that_stops_answering_and_comes_back_is_marked_on_the_charts_at_the_run_time()
    {
        var now = new DateTime(2026, 1, 1, 0, 0, 10, DateTimeKind.Utc);
        var state = new DashboardState("run", "city", () => now);
        state.WindowStarted(new WindowStart("city", 60, 10, 1));
        state.Interval(Rows.At(20, endedUtc: now.AddSeconds(-0.5)));
        state.Nodes([new NodeSample(1, 0.5, 200, false), new NodeSample(2, 0.4, 150, false)]);
        state.Nodes([new NodeSample(1, 0.5, 200, false), new NodeSample(2, null, null, true)]);
        now = now.AddSeconds(3);
        state.Nodes([new NodeSample(1, 0.5, 200, false), new NodeSample(2, 0.2, 150, false)]);

        var events = Json(state).GetProperty("charts").GetProperty("events").EnumerateArray()
            .Select(e => (e.GetProperty("t").GetDouble(), e.GetProperty("text").GetString())).ToList();

        Assert.Equal([(20.5, "node 2 stopped answering"), (23.5, "node 2 answers again")], events);
    }

    [Fact]
    public void A_trial_that_ends_replaces_the_same_trial_running()
    {
        var state = new DashboardState("size", "city");
        state.Trial(new TrialProgress(1, "1 node", 1, 300, null, [], null, null));
        state.Trial(new TrialProgress(1, "1 node", 1, 301.5, true, [], 1, null));
        state.Trial(new TrialProgress(2, "1 node", 2, 600, null, [], 1, null));

        var trials = Json(state).GetProperty("trials").EnumerateArray().ToList();

        Assert.Equal(2, trials.Count);
        Assert.True(trials[0].GetProperty("passed").GetBoolean());
        Assert.Equal(301.5, trials[0].GetProperty("offered_per_s").GetDouble());
        Assert.Equal(JsonValueKind.Null, trials[1].GetProperty("passed").ValueKind);
        Assert.Equal(1, trials[1].GetProperty("passed_below").GetDouble());
    }

    [Fact]
    public void Every_change_wakes_whoever_waits_for_one()
    {
        var state = new DashboardState("run", "city");
        var changed = state.Changed;
        var before = state.Version;

        Assert.False(changed.IsCompleted);
        state.Info("starting the tree");

        Assert.True(changed.IsCompleted);
        Assert.True(state.Version > before);
        Assert.False(state.Changed.IsCompleted);
    }

    [Fact]
    public void Thresholds_so_far_reach_the_page_and_the_latency_chart_draws_their_lines()
    {
        var state = new DashboardState("run", "city");
        state.WindowStarted(new WindowStart("city", 60, 10, 1));
        state.Interval(Rows.At(11));
        state.Thresholds([new ThresholdResult("alarm.p99 < 10ms", 12.25, false, Checks: 1, FailedChecks: 1, FirstFailedAtS: 11)]);

        var json = Json(state);

        var t = Assert.Single(json.GetProperty("thresholds").EnumerateArray());
        Assert.False(t.GetProperty("passed").GetBoolean());
        Assert.Equal(1, t.GetProperty("failed_checks").GetInt32());
        var line = Assert.Single(json.GetProperty("charts").GetProperty("thresholds").EnumerateArray());
        Assert.Equal("latency", line.GetProperty("chart").GetString());
        Assert.Equal(10, line.GetProperty("limit").GetDouble());
    }
}
