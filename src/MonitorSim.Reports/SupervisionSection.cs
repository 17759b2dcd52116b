using MonitorSim.Domain.Supervision;
using MonitorSim.Load.Results;

namespace MonitorSim.Reports;

/// <summary>The supervision year's section of report.md and report.html: the derivation table, the calibration check and
/// the held-out figures (each against a 95 % prediction interval), then how the desk ran the year.</summary>
internal static class SupervisionSection
{
    /// <summary>The supervision year: which seed figures set which parameters; those figures beside this run's year (read
    /// back from the journal) and the 95 % prediction interval of the replications (the calibration check); the held-out
    /// figures the same way; then how the desk ran it, the accountability handlings by category of the rules, and how long
    /// each workflow command took.</summary>
    public static ReportSection Of(SupervisionResult s)
    {
        var source = s.FromJournal ? "read back from the journal by tag" : "the model's (the memory store has no read side)";
        var check = s.Calibration.Where(c => !c.HeldOut).ToList();
        var heldOut = s.Calibration.Where(c => c.HeldOut).ToList();
        var blocks = new List<ReportBlock>
        {
            new ParagraphBlock($"The year from {s.YearStart:yyyy-MM-dd}, run on the cluster by the supervision desk ({s.RunKey}). " +
                               $"This year's figures are {source}."),
            new ParagraphBlock("How the parameters were derived: each figure below set a parameter, so the model reproduces " +
                               "it by construction. The other parameters are assumptions, stated in the scenario file."),
            new TableBlock(["Seed figure", "Parameter", "Derivation"], s.Derivation.Select(d => (IReadOnlyList<Cell>)
                [d.Figure, Cell.Id(d.Parameter), d.Derivation]).ToList()),
            new ParagraphBlock($"Calibration check: the figures the parameters were derived from, against the 95 % prediction " +
                               $"interval for one year from {s.Replications} seeded replications of the model (where a single " +
                               "observed year would fall if the model were right: mean ± t·s·√(1 + 1/n)). Inside shows that the " +
                               "derivation's arithmetic is right, not that the model predicts anything."),
            CalibrationTable(check, s, "Calibration check"),
            new ParagraphBlock(heldOut.Count == 0
                ? "Held out: no figure was held out of the derivation, so nothing here tests the model."
                : $"Held out: figures no parameter was derived from, predicted by the model with their 95 % prediction interval " +
                  $"(for a figure that averages k years, the interval of a k-year mean: mean ± t·s·√(1/k + 1/n)). " +
                  $"{heldOut.Count(c => c.Inside)} of {heldOut.Count} inside: this is the evidence the model has."),
        };
        if (heldOut.Count > 0) blocks.Add(CalibrationTable(heldOut, s, "Held-out figure"));
        blocks.Add(
            ReportContent.KeyValue(
                ("Completed", s.Completed ? "yes" : "no"),
                ("Journal agrees with the model", s.Consistent ? "yes" : "no"),
                ("Days run", Cell.Num(Fmt.Human(s.Days) + (s.ResumedAtDay > 0 ? $" (resumed at day {s.ResumedAtDay})" : ""))),
                ("Wall time", Cell.Num(Fmt.Seconds(s.WallS))),
                ("Workflow commands", Cell.Num(Fmt.Human(s.Commands))),
                ("Events persisted", Cell.Num(Fmt.Human(s.Events))),
                ("Events persisted per second", Cell.Num(Fmt.Human(Math.Round(s.EventsPerSecond, 1)))),
                ("Already applied (resent or resumed)", Cell.Num(Fmt.Human(s.AlreadyApplied))),
                ("Clues received", Cell.Num(Fmt.Human(s.Journal.CluesReceived))),
                ("Screened out", Cell.Num(Fmt.Human(s.Journal.ScreenedOut))),
                ("Key cases (linked members)", Cell.Num(Fmt.Human(s.Journal.KeyCases))),
                ("Cleared / exempted", Cell.Num($"{Fmt.Human(s.Journal.Cleared)} / {Fmt.Human(s.Journal.Exempted)}")),
                ("Deadlines missed → backtracking clues", Cell.Num($"{Fmt.Human(s.Journal.DeadlinesMissed)} → {Fmt.Human(s.Journal.BacktrackingClues)}")),
                ("Look-backs that reopened", Cell.Num(Fmt.Human(s.Journal.Reopened))),
                ("Units red (key supervision)", Cell.Num(Fmt.Human(s.Journal.UnitsRed)))));
        var rules = AccountabilityCatalogue.Standard;
        blocks.Add(new ParagraphBlock($"Each accountability handling cites one of the zero-obstacle rules' {rules.Count} situations in " +
                                      $"{rules.Categories.Count} categories; the seed gives these counts, not the situations' wording, " +
                                      "which is an assumption (src/MonitorSim.Domain/Supervision/accountability-situations.csv)."));
        blocks.Add(new TableBlock(["Accountability handled, by category of the rules", "Situations", "Persons"], rules.Categories.Select(c =>
        {
            var ids = rules.Situations.Where(x => x.Category == c).Select(x => x.Id).ToList();
            return (IReadOnlyList<Cell>)[c, Cell.Num($"{ids.Min()}–{ids.Max()}"), Cell.Num(Fmt.Human(s.Journal.AccountabilityByCategory.GetValueOrDefault(c)))];
        }).ToList()));
        if (s.CommandLatency.Count > 0)
            blocks.Add(new TableBlock(["Command", "Count", "p50 ms", "p99 ms", "max ms"], s.CommandLatency.Select(c => (IReadOnlyList<Cell>)
            [
                Cell.Id(c.Key), Cell.Num(Fmt.Human(c.Value.Count)), Cell.Num(Fmt.Human(c.Value.P50)), Cell.Num(Fmt.Human(c.Value.P99)), Cell.Num(Fmt.Human(c.Value.Max)),
            ]).ToList()));
        if (s.Problems.Count > 0) blocks.Add(new ListBlock(s.Problems));
        return new ReportSection("Supervision year", blocks);
    }

    private static TableBlock CalibrationTable(IReadOnlyList<CalibrationRow> rows, SupervisionResult s, string label) =>
        new(["", label, "Seed", "This year", "Replications mean", "95 % prediction interval"], rows.Select(c => (IReadOnlyList<Cell>)
        [
            c.Inside ? "✅" : "❌",
            c.Figure + (c.Note.Length > 0 ? $" ({c.Note})" : ""),
            Cell.Num(Fmt.Human(c.Seed)),
            Cell.Num(Fmt.Human(c.Source.Of(s.Journal))),
            Cell.Num(Fmt.Human(Math.Round(c.Mean, 1))),
            Cell.Num($"{Fmt.Human(Math.Round(c.Low, 1))} – {Fmt.Human(Math.Round(c.High, 1))}"),
        ]).ToList());
}
