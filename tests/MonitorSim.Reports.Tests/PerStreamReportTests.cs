using System.Text.Json;
using MonitorSim.Load.Results;
using MonitorSim.Reports.Comparison;

namespace MonitorSim.Reports.Tests;

/// <summary>Each stream's own figures in summary.json (<c>streams</c>), in report.md and in a comparison: two streams of
/// one operation (a morning-peak alarm stream beside the ordinary one) are merged under the operation and apart here.</summary>
public sealed class PerStreamReportTests
{
    private static readonly LatencyStats Ordinary = new(48, 12, 10, 20, 30, 40, 50);
    private static readonly LatencyStats Morning = new(95, 90, 80, 150, 210.5, 300, 400, Clipped: 0);

    private static RunResult TwoAlarmStreams() => SampleRuns.Create() with
    {
        Workload =
        [
            new WorkloadLine("alarm", "alarm", 2.5, "inject 2.5/s", new OperationCounts(50, 48, 2, 0, 1), Ordinary, Ordinary with { P99 = 25 },
                new Dictionary<string, long> { ["alarm:timed_out"] = 1, ["alarm:rejected"] = 1 }),
            new WorkloadLine("morning_alarms", "alarm", 7.5, "inject 7.5/s", new OperationCounts(100, 95, 5, 0, 0), Morning, Morning with { P99 = 199 },
                new Dictionary<string, long> { ["alarm:rejected"] = 5 }),
        ],
    };

    [Fact]
    public void Summary_json_has_a_streams_object_with_each_streams_counts_latency_and_failures_beside_the_existing_keys()
    {
        using var doc = JsonDocument.Parse(SummaryJson.ToJson(TwoAlarmStreams()));
        var root = doc.RootElement;

        var streams = root.GetProperty("streams");
        Assert.Equal(["alarm", "morning_alarms"], streams.EnumerateObject().Select(p => p.Name));
        var morning = streams.GetProperty("morning_alarms");
        Assert.Equal("alarm", morning.GetProperty("operation").GetString());
        Assert.Equal((100, 95, 5, 0, 0), (morning.GetProperty("offered").GetInt64(), morning.GetProperty("completed").GetInt64(),
            morning.GetProperty("failed").GetInt64(), morning.GetProperty("dropped").GetInt64(), morning.GetProperty("timed_out").GetInt64()));
        Assert.Equal(210.5, morning.GetProperty("latency_ms").GetProperty("p99").GetDouble());
        Assert.Equal(95, morning.GetProperty("latency_ms").GetProperty("count").GetInt64());
        Assert.Equal(199, morning.GetProperty("service_time_ms").GetProperty("p99").GetDouble());
        Assert.Equal(5, morning.GetProperty("failures").GetProperty("alarm:rejected").GetInt64());
        Assert.Equal(1, streams.GetProperty("alarm").GetProperty("failures").GetProperty("alarm:timed_out").GetInt64());
        // The existing keys stay as they were.
        Assert.Equal(2, root.GetProperty("workload").GetArrayLength());
        Assert.Equal(30.3, root.GetProperty("latency_ms").GetProperty("alarm").GetProperty("p99").GetDouble());
        Assert.Equal(0, root.GetProperty("latency_ms").GetProperty("alarm").GetProperty("clipped").GetInt64());
    }

    [Fact]
    public void Report_md_has_a_per_stream_table_row_for_each_stream()
    {
        var md = MarkdownReport.Render(TwoAlarmStreams());

        Assert.Contains("## Per stream", md, StringComparison.Ordinal);
        Assert.Contains("| `morning_alarms` | `alarm` | 100 | 95 | 5 | 0 | 80 | 210.5 | 400 | 199 |", md, StringComparison.Ordinal);
        Assert.Contains("| `alarm` | `alarm` | 50 | 48 | 2 | 1 | 10 | 30 | 50 | 25 |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void A_latency_with_clipped_values_says_so_under_its_table()
    {
        var run = SampleRuns.Create();
        var md = MarkdownReport.Render(run with
        {
            Latency = new Dictionary<string, LatencyStats>(run.Latency) { ["alarm"] = run.Latency["alarm"] with { Clipped = 3 } },
        });

        Assert.Contains("Values above an hour were recorded as an hour (clipped: alarm 3)", md, StringComparison.Ordinal);
    }

    [Fact]
    public void A_comparison_sets_each_stream_side_by_side()
    {
        using var dir = new TempDirectory();
        var (before, after) = (dir.File("before"), dir.File("after"));
        Directory.CreateDirectory(before);
        Directory.CreateDirectory(after);
        var first = TwoAlarmStreams();
        SummaryJson.Write(first, Path.Combine(before, SummaryJson.FileName));
        var slower = first with { Workload = [first.Workload[0], first.Workload[1] with { Latency = Morning with { P99 = 421 } }] };
        SummaryJson.Write(slower, Path.Combine(after, SummaryJson.FileName));

        var c = RunComparison.Load([before, after]);

        var p99 = Assert.Single(c.Rows, r => r.Group == "stream" && r.Metric == "morning_alarms p99");
        Assert.Equal([210.5, 421], p99.Values);
        Assert.StartsWith("▼", ComparisonMarkdown.Delta(p99, 1));
        Assert.Equal([5.0, 5.0], Assert.Single(c.Rows, r => r.Metric == "morning_alarms failed").Values);
        Assert.Equal([1.0, 1.0], Assert.Single(c.Rows, r => r.Metric == "alarm timed out").Values);
    }
}
