namespace MonitorSim.Load.Results;

/// <summary>The supervision workflows' acknowledged operations checked against the journal after the run, beside the
/// <see cref="AlarmAudit"/>: a clue filing, clue listing or co-handled request the tree acknowledged must be in the
/// journal (exactly once), whatever crashed meanwhile.</summary>
/// <param name="Lines">Per operation (<c>clue_intake</c>, <c>clue_listing</c>, <c>co_handling</c>), those acknowledged.</param>
/// <param name="Note">Why no audit was possible (e.g. the memory store), or null.</param>
public sealed record SupervisionAudit(IReadOnlyList<SupervisionAuditLine> Lines, string? Note = null)
{
    /// <summary>Acknowledged but not in the journal, over every operation: lost.</summary>
    public long Missing => Lines.Sum(l => l.Missing);

    public long Acknowledged => Lines.Sum(l => l.Acknowledged);
}

/// <summary>One operation's audit.</summary>
/// <param name="Operation">The operation's name (<c>clue_intake</c>, <c>clue_listing</c>, <c>co_handling</c>).</param>
/// <param name="Acknowledged">Operations the tree acknowledged as stored (warm-up included).</param>
/// <param name="InJournal">Of those, found in the journal.</param>
/// <param name="Missing">Acknowledged but not in the journal: lost.</param>
/// <param name="StoredTwice">Found in the journal more than once: a command applied twice.</param>
public sealed record SupervisionAuditLine(string Operation, long Acknowledged, long InJournal, long Missing, long StoredTwice);
