using MonitorSim.Load.Results;

namespace MonitorSim.Reports.Tests;

/// <summary>Each fault of a run, with its recovery time, in report.md and summary.json.</summary>
public sealed class FaultReportTests
{
    private static RunResult WithFaults() => SampleRuns.Create() with
    {
        Faults =
        [
            new FaultRecord(42.5, "freeze_node", "node 2 (pid 7, 15 platforms) frozen (SIGSTOP) for 6s", "node 2's 15 platforms answer again 6.3 s after it was frozen", 6.3),
            new FaultRecord(95, "kill_node", "node 3 (pid 8, 15 platforms) killed (SIGKILL)", "3 of node 3's 15 platforms still did not answer 120 s after it was killed", null),
        ],
    };

    [Fact]
    public void The_report_lists_each_fault_with_its_recovery_time_and_a_dash_where_it_did_not_recover()
    {
        var md = MarkdownReport.Render(WithFaults());

        Assert.Contains("## Faults and recovery", md, StringComparison.Ordinal);
        Assert.Contains("| 42.5 | `freeze_node` | node 2 (pid 7, 15 platforms) frozen (SIGSTOP) for 6s | 6.3 | node 2's 15 platforms answer again 6.3 s after it was frozen |", md, StringComparison.Ordinal);
        Assert.Contains("| 95 | `kill_node` | node 3 (pid 8, 15 platforms) killed (SIGKILL) | — |", md, StringComparison.Ordinal);
        Assert.DoesNotContain("## Faults and recovery", MarkdownReport.Render(SampleRuns.Create()), StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_json_gives_each_fault_its_time_action_and_recovery_or_null()
    {
        var faults = SummaryJson.Build(WithFaults())["faults"]!.AsArray();

        Assert.Equal([42.5, 95.0], faults.Select(f => f!["at_s"]!.GetValue<double>()));
        Assert.Equal(["freeze_node", "kill_node"], faults.Select(f => f!["action"]!.GetValue<string>()));
        Assert.Equal(6.3, faults[0]!["recovered_after_s"]!.GetValue<double>());
        Assert.Null(faults[1]!["recovered_after_s"]);
        Assert.Empty(SummaryJson.Build(SampleRuns.Create())["faults"]!.AsArray());
    }
}
