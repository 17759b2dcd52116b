namespace MonitorSim.Reports.Tests;

/// <summary>timeline.csv has one row per interval and per-operation columns.</summary>
public sealed class TimelineCsvTests(WrittenSample sample) : IClassFixture<WrittenSample>
{
    private string[] Lines() => sample.Read("timeline.csv").TrimEnd('\n').Split('\n');

    private Dictionary<string, string> Row(int index)
    {
        var lines = Lines();
        var header = lines[0].Split(',');
        var cells = lines[index + 1].Split(',');
        Assert.Equal(header.Length, cells.Length);
        return header.Zip(cells).ToDictionary(p => p.First, p => p.Second);
    }

    [Fact]
    public void Header_lists_the_fixed_columns_then_four_columns_per_operation_in_ordinal_order()
    {
        Assert.Equal(
            "t_s,warm_up,interval_s,offered,completed,failed,dropped,in_flight,throughput_ops,generator_lag_p99_ms," +
            "cameras_online,cameras_offline,active_alarms,working_set_mb," +
            "alarm_per_s,alarm_failed,alarm_p50_ms,alarm_p99_ms," +
            "keepalive_per_s,keepalive_failed,keepalive_p50_ms,keepalive_p99_ms",
            Lines()[0]);
    }

    [Fact]
    public void There_is_one_row_per_timeline_row()
    {
        Assert.Equal(1 + SampleRuns.Create().Timeline.Count, Lines().Length);
    }

    [Fact]
    public void Interval_totals_and_tree_status_are_written_with_throughput_as_completed_per_second()
    {
        var row = Row(1);
        Assert.Equal("20", row["t_s"]);
        Assert.Equal("false", row["warm_up"]);
        Assert.Equal("10", row["interval_s"]);
        Assert.Equal("30", row["offered"]);
        Assert.Equal("25", row["completed"]);
        Assert.Equal("3", row["in_flight"]);
        Assert.Equal("2.5", row["throughput_ops"]);
        Assert.Equal("1.5", row["generator_lag_p99_ms"]);
        Assert.Equal("38", row["cameras_online"]);
        Assert.Equal("4", row["active_alarms"]);
        Assert.Equal("412.5", row["working_set_mb"]);
        Assert.Equal("true", Row(0)["warm_up"]);
        // A row without a reading (read back from a file) leaves the cell empty rather than writing a fake 0 MB.
        Assert.Equal("", Row(0)["working_set_mb"]);
    }

    [Fact]
    public void Per_operation_rate_counts_completed_and_failed_per_second()
    {
        var row = Row(1);
        Assert.Equal("2.1", row["alarm_per_s"]);
        Assert.Equal("1", row["alarm_failed"]);
        Assert.Equal("9.5", row["alarm_p50_ms"]);
        Assert.Equal("31.25", row["alarm_p99_ms"]);
        Assert.Equal("0.9", Row(2)["keepalive_per_s"]);
    }

    [Fact]
    public void An_operation_absent_from_an_interval_has_zero_rate_and_no_latency()
    {
        var row = Row(0);
        Assert.Equal("0", row["alarm_per_s"]);
        Assert.Equal("0", row["alarm_failed"]);
        Assert.Equal("", row["alarm_p50_ms"]);
        Assert.Equal("", row["alarm_p99_ms"]);
        Assert.Equal("0.6", row["keepalive_per_s"]);
    }

    [Fact]
    public void A_run_without_timeline_rows_still_gets_a_header()
    {
        var csv = TimelineCsv.ToCsv(SampleRuns.Create() with { Timeline = [] });
        Assert.Equal(
            "t_s,warm_up,interval_s,offered,completed,failed,dropped,in_flight,throughput_ops,generator_lag_p99_ms," +
            "cameras_online,cameras_offline,active_alarms,working_set_mb\n",
            csv);
    }
}
