using MonitorSim.Load.Results;

namespace MonitorSim.Reports.Tests;

/// <summary>The end-of-run audit in report.md and summary.json: the alarms and the supervision workflows' acknowledged
/// operations, each with what the journal holds of them, and a loss where there is one.</summary>
public sealed class AuditReportTests
{
    private static RunResult Audited(long clueFilingsMissing = 0) => SampleRuns.Create() with
    {
        AlarmAudit = new AlarmAudit(1_200, 1_200, 0),
        SupervisionAudit = new SupervisionAudit(
        [
            new SupervisionAuditLine("clue_intake", 233, 233 - clueFilingsMissing, clueFilingsMissing, 0),
            new SupervisionAuditLine("clue_listing", 230, 230, 0, 1),
            new SupervisionAuditLine("co_handling", 116, 116, 0, 0),
        ]),
    };

    [Fact]
    public void The_report_lists_every_audited_operation_with_what_the_journal_holds()
    {
        var md = MarkdownReport.Render(Audited(clueFilingsMissing: 2));

        Assert.Contains("## Nothing acknowledged lost", md, StringComparison.Ordinal);
        Assert.Contains("| `alarm` | 1,200 | 1,200 | 0 | — |", md, StringComparison.Ordinal);
        Assert.Contains("| `clue_intake` | 233 | 231 | 2 | 0 |", md, StringComparison.Ordinal);
        Assert.Contains("| `clue_listing` | 230 | 230 | 0 | 1 |", md, StringComparison.Ordinal);
        Assert.Contains("| `co_handling` | 116 | 116 | 0 | 0 |", md, StringComparison.Ordinal);
        Assert.DoesNotContain("## Nothing acknowledged lost", MarkdownReport.Render(SampleRuns.Create()), StringComparison.Ordinal);
    }

    [Fact]
    public void An_audit_that_could_not_read_the_journal_says_why_and_claims_no_figure()
    {
        var run = SampleRuns.Create() with
        {
            SupervisionAudit = new SupervisionAudit([new SupervisionAuditLine("clue_intake", 40, 0, 0, 0)], "memory store: nothing to read back"),
        };
        var md = MarkdownReport.Render(run);

        Assert.Contains("| `clue_intake` | 40 | — | — | — |", md, StringComparison.Ordinal);
        Assert.Contains("Not audited — supervision: memory store: nothing to read back.", md, StringComparison.Ordinal);
        var json = SummaryJson.Build(run)["supervision_audit"]!;
        Assert.Null(json["missing"]);
        Assert.Equal("memory store: nothing to read back", json["note"]!.GetValue<string>());
        Assert.Null(new RunMetrics(run).Get("", "supervision_lost"));
    }

    [Fact]
    public void Summary_json_gives_each_operations_audit_and_the_metric_counts_the_lost()
    {
        var run = Audited(clueFilingsMissing: 2);
        var json = SummaryJson.Build(run)["supervision_audit"]!;

        Assert.Equal(579, json["acknowledged"]!.GetValue<long>());
        Assert.Equal(2, json["missing"]!.GetValue<long>());
        var intake = json["operations"]!["clue_intake"]!;
        Assert.Equal([233L, 231L, 2L, 0L], new[] { "acknowledged", "in_journal", "missing", "stored_twice" }.Select(k => intake[k]!.GetValue<long>()));
        Assert.Equal(1, json["operations"]!["clue_listing"]!["stored_twice"]!.GetValue<long>());
        Assert.Equal(2, new RunMetrics(run).Get("", "supervision_lost"));
        Assert.Equal(0, new RunMetrics(Audited()).Get("", "supervision_lost"));
        Assert.Null(SummaryJson.Build(SampleRuns.Create())["supervision_audit"]);
    }
}
