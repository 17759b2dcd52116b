using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Domain.Operations;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;

namespace MonitorSim.Harness.Runs;

/// <summary>
/// Every clue filing, clue listing and co-handled request the tree acknowledged must be in the journal, once: reads the
/// clues' and requests' journals back by tag and counts, beside <see cref="AlarmAuditor"/>. The clue and co-handling
/// actors answer only once their events are stored, so an acknowledged operation missing here was lost.
/// </summary>
public static class SupervisionAuditor
{
    /// <summary>The operations audited, in the order the reports list them.</summary>
    public static IReadOnlyList<OperationKind> Audited { get; } = [OperationKind.ClueIntake, OperationKind.ClueListing, OperationKind.CoHandling];

    /// <param name="acknowledged">What the tree acknowledged: each operation's kind and the id it was stored under.</param>
    /// <param name="events">Where the verdict is written for the report.</param>
    public static async Task<SupervisionAudit?> AuditAsync(TreeNode node, IReadOnlyCollection<StoredAcknowledgement> acknowledged, List<string> events)
    {
        if (acknowledged.Count == 0) return null;
        var ids = acknowledged.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        StoredSupervision? stored;
        try
        {
            using var timeout = new CancellationTokenSource(AuditDeadline.For(acknowledged.Count));
            stored = await node.StoredSupervisionAsync(ids.Contains, timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            events.Add($"supervision audit: the journal could not be read back in time ({e.Message})");
            return Unchecked(acknowledged, "the journal could not be read back in time");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // As the alarm audit: the read goes through the store's own driver (Npgsql, SQLite), whose failures have types
            // of their own; a journal that cannot be read leaves the audit undone, and the run still writes its reports.
            events.Add($"supervision audit: the journal could not be read back ({e.GetType().Name}: {e.Message})");
            return Unchecked(acknowledged, "the journal could not be read back");
        }
        if (stored is null) return Unchecked(acknowledged, "memory store: nothing outlives the processes, so there is nothing to read back");
        var audit = Compare(acknowledged, stored);
        foreach (var line in audit.Lines)
            events.Add(line switch
            {
                { Missing: 0, StoredTwice: 0 } => $"supervision audit: all {line.Acknowledged:N0} acknowledged {line.Operation} are in the journal",
                { Missing: 0 } => $"supervision audit: all {line.Acknowledged:N0} acknowledged {line.Operation} are in the journal, {line.StoredTwice:N0} of them TWICE",
                _ => $"supervision audit: {line.Missing:N0} of {line.Acknowledged:N0} acknowledged {line.Operation} are NOT in the journal",
            });
        return audit;
    }

    /// <summary>Compares what was acknowledged with what the journal holds, per operation: a filing is stored when its
    /// clue's receipt is, a listing when its clue's listing is, a co-handled request when its opening is.</summary>
    public static SupervisionAudit Compare(IEnumerable<StoredAcknowledgement> acknowledged, StoredSupervision stored)
    {
        var lines = new List<SupervisionAuditLine>();
        foreach (var kind in Audited)
        {
            var ids = acknowledged.Where(a => a.Kind == kind).Select(a => a.Id).Distinct(StringComparer.Ordinal).ToList();
            if (ids.Count == 0) continue;
            var journal = kind switch
            {
                OperationKind.ClueIntake => stored.CluesReceived,
                OperationKind.ClueListing => stored.CluesListed,
                _ => stored.RequestsOpened,
            };
            long found = 0, twice = 0;
            foreach (var id in ids)
            {
                var times = journal.GetValueOrDefault(id);
                if (times > 0) found++;
                if (times > 1) twice++;
            }
            lines.Add(new SupervisionAuditLine(OperationNames.Of(kind), ids.Count, found, ids.Count - found, twice));
        }
        return new SupervisionAudit(lines);
    }

    private static SupervisionAudit Unchecked(IReadOnlyCollection<StoredAcknowledgement> acknowledged, string why) =>
        new(Audited.Select(k => (Kind: k, Count: acknowledged.Count(a => a.Kind == k)))
            .Where(x => x.Count > 0)
            .Select(x => new SupervisionAuditLine(OperationNames.Of(x.Kind), x.Count, 0, 0, 0))
            .ToList(), why);
}
