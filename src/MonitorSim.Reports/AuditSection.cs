using MonitorSim.Load.Results;

namespace MonitorSim.Reports;

/// <summary>The end-of-run audit's section of report.md and report.html: every operation the tree acknowledged as stored
/// (alarms, clue filings and listings, co-handled requests), looked up in the journal after the run.</summary>
internal static class AuditSection
{
    /// <summary>The audit's table, or null when the run acknowledged nothing that is audited.</summary>
    public static ReportSection? Of(RunResult result)
    {
        var rows = new List<IReadOnlyList<Cell>>();
        var notes = new List<string>();
        if (result.AlarmAudit is { } a)
        {
            rows.Add(Row("alarm", a.Acknowledged, a.InJournal, a.Missing, null, a.Note));
            if (a.Note is { } why) notes.Add($"alarms: {why}");
        }
        if (result.SupervisionAudit is { } s)
        {
            foreach (var l in s.Lines) rows.Add(Row(l.Operation, l.Acknowledged, l.InJournal, l.Missing, l.StoredTwice, s.Note));
            if (s.Note is { } why) notes.Add($"supervision: {why}");
        }
        if (rows.Count == 0) return null;
        var blocks = new List<ReportBlock>
        {
            new ParagraphBlock("Every operation the tree acknowledged as stored, looked up in the journal after the run (warm-up " +
                               "included): the platforms answer an alarm, and the clue and co-handling actors a filing, listing " +
                               "or opening, only once its events are stored, so one missing here was lost. Stored twice: a " +
                               "command applied twice. Thresholds: alarms_lost, supervision_lost."),
            new TableBlock(["Operation", "Acknowledged", "In the journal", "Missing", "Stored twice"], rows),
        };
        if (notes.Count > 0) blocks.Add(new ParagraphBlock("Not audited — " + string.Join("; ", notes) + "."));
        return new ReportSection("Nothing acknowledged lost", blocks);
    }

    private static IReadOnlyList<Cell> Row(string operation, long acknowledged, long inJournal, long missing, long? twice, string? note) =>
    [
        Cell.Id(operation),
        Cell.Num(Fmt.Human(acknowledged)),
        Cell.Num(note is null ? Fmt.Human(inJournal) : "—"),
        Cell.Num(note is null ? Fmt.Human(missing) : "—"),
        Cell.Num(note is null && twice is { } t ? Fmt.Human(t) : "—"),
    ];
}
