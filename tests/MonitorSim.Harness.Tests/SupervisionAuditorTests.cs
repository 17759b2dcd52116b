using MonitorSim.Cluster.Persistence;
using MonitorSim.Domain.Operations;
using MonitorSim.Harness.Runs;
using MonitorSim.Load.Results;

namespace MonitorSim.Harness.Tests;

/// <summary>The supervision audit's verdict: every acknowledged clue filing, clue listing and co-handled request is
/// looked up in what the journal holds, and one the journal lacks — or holds twice — is counted.</summary>
public sealed class SupervisionAuditorTests
{
    private static readonly StoredAcknowledgement[] Acknowledged =
    [
        new(OperationKind.ClueIntake, "op-a-1"), new(OperationKind.ClueListing, "op-a-1"),
        new(OperationKind.ClueIntake, "op-a-2"), new(OperationKind.ClueListing, "op-a-2"),
        new(OperationKind.ClueIntake, "op-b-1"),
        new(OperationKind.CoHandling, "op-a-r1"), new(OperationKind.CoHandling, "op-b-r1"),
    ];

    /// <summary>The journal as it should be: each filed clue received once, each listed clue listed once, each request
    /// opened once.</summary>
    private static StoredSupervision Whole() => new(
        new Dictionary<string, int> { ["op-a-1"] = 1, ["op-a-2"] = 1, ["op-b-1"] = 1 },
        new Dictionary<string, int> { ["op-a-1"] = 1, ["op-a-2"] = 1 },
        new Dictionary<string, int> { ["op-a-r1"] = 1, ["op-b-r1"] = 1 });

    private static SupervisionAuditLine Line(SupervisionAudit audit, string operation) => Assert.Single(audit.Lines, l => l.Operation == operation);

    [Fact]
    public void A_journal_holding_everything_acknowledged_once_loses_nothing()
    {
        var audit = SupervisionAuditor.Compare(Acknowledged, Whole());

        Assert.Equal(["clue_intake", "clue_listing", "co_handling"], audit.Lines.Select(l => l.Operation));
        Assert.Equal(new SupervisionAuditLine("clue_intake", 3, 3, 0, 0), Line(audit, "clue_intake"));
        Assert.Equal(new SupervisionAuditLine("clue_listing", 2, 2, 0, 0), Line(audit, "clue_listing"));
        Assert.Equal(new SupervisionAuditLine("co_handling", 2, 2, 0, 0), Line(audit, "co_handling"));
        Assert.Equal(0, audit.Missing);
        Assert.Equal(7, audit.Acknowledged);
    }

    [Fact]
    public void A_filing_dropped_from_the_journal_is_counted_lost()
    {
        var whole = Whole();
        var journal = whole with { CluesReceived = whole.CluesReceived.Where(c => c.Key != "op-b-1").ToDictionary() };

        var audit = SupervisionAuditor.Compare(Acknowledged, journal);

        Assert.Equal(new SupervisionAuditLine("clue_intake", 3, 2, 1, 0), Line(audit, "clue_intake"));
        Assert.Equal(1, audit.Missing);
    }

    [Fact]
    public void A_listing_the_journal_lacks_is_lost_even_though_its_clue_was_received()
    {
        var whole = Whole();
        var journal = whole with { CluesListed = new Dictionary<string, int> { ["op-a-1"] = 1 } };

        var audit = SupervisionAuditor.Compare(Acknowledged, journal);

        Assert.Equal(new SupervisionAuditLine("clue_intake", 3, 3, 0, 0), Line(audit, "clue_intake"));
        Assert.Equal(new SupervisionAuditLine("clue_listing", 2, 1, 1, 0), Line(audit, "clue_listing"));
    }

    [Fact]
    public void A_co_handled_request_under_another_nodes_id_does_not_stand_for_one_that_was_lost()
    {
        var whole = Whole();
        // op-b-r1 is missing; a request of the same number from another port (op-c-r1) is there instead.
        var journal = whole with { RequestsOpened = new Dictionary<string, int> { ["op-a-r1"] = 1, ["op-c-r1"] = 1 } };

        var audit = SupervisionAuditor.Compare(Acknowledged, journal);

        Assert.Equal(new SupervisionAuditLine("co_handling", 2, 1, 1, 0), Line(audit, "co_handling"));
    }

    [Fact]
    public void A_clue_received_twice_is_found_but_reported_as_stored_twice()
    {
        var whole = Whole();
        var journal = whole with { CluesReceived = new Dictionary<string, int> { ["op-a-1"] = 2, ["op-a-2"] = 1, ["op-b-1"] = 1 } };

        var audit = SupervisionAuditor.Compare(Acknowledged, journal);

        Assert.Equal(new SupervisionAuditLine("clue_intake", 3, 3, 0, 1), Line(audit, "clue_intake"));
        Assert.Equal(0, audit.Missing);
    }

    [Fact]
    public void An_operation_with_nothing_acknowledged_has_no_line()
    {
        var audit = SupervisionAuditor.Compare(Acknowledged.Where(a => a.Kind != OperationKind.CoHandling), Whole());

        Assert.DoesNotContain(audit.Lines, l => l.Operation == "co_handling");
    }
}
