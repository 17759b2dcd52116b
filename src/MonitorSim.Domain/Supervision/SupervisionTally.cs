namespace MonitorSim.Domain.Supervision;

/// <summary>A year's supervision statistics, counted from the workflows' events (docs/domain.md#the-seeds-figures and the counts
/// behind them).</summary>
public sealed record SupervisionFigures
{
    public int CluesReceived { get; init; }
    public IReadOnlyDictionary<ClueChannel, int> ReceivedByChannel { get; init; } = new Dictionary<ClueChannel, int>();
    public int ScreenedOut { get; init; }
    public int Listed { get; init; }
    /// <summary>Clues put under listed supervision (挂牌督办), and in how many batches.</summary>
    public int ListedSupervision { get; init; }
    public int SupervisionBatches { get; init; }
    public int KeyCases { get; init; }
    public int Concluded { get; init; }
    /// <summary>Persons held responsible: an outcome other than clarification, not exempted (each person once per clue).</summary>
    public int HeldResponsible { get; init; }
    public int Disciplined { get; init; }
    /// <summary>Persons whose sanction was imposed under the accountability procedure (cites a situation).</summary>
    public int AccountabilityHandled { get; init; }
    /// <summary><see cref="AccountabilityHandled"/> by the category of the situation cited (every category of
    /// <see cref="AccountabilityCatalogue.Standard"/>, in its order, none left out for being zero).</summary>
    public IReadOnlyDictionary<string, int> AccountabilityByCategory { get; init; } = new Dictionary<string, int>();
    public int Cleared { get; init; }
    public int Exempted { get; init; }
    public int Exposed { get; init; }
    public int NotificationBatches { get; init; }
    public int Closed { get; init; }
    public int Reopened { get; init; }
    public int DeadlinesMissed { get; init; }
    public int DataAnalysisClues => ReceivedByChannel.GetValueOrDefault(ClueChannel.DataAnalysis);
    public int VisitProblems => ReceivedByChannel.GetValueOrDefault(ClueChannel.WorkingGroupVisit);
    public int BacktrackingClues => ReceivedByChannel.GetValueOrDefault(ClueChannel.Backtracking);
    /// <summary>Units that reached yellow or above, and red (key supervision), in the year.</summary>
    public int UnitsWarned { get; init; }
    public int UnitsRed { get; init; }
    /// <summary>All workflow events counted (clue events and warning changes).</summary>
    public int Events { get; init; }

    /// <summary>Figure by figure: the record's own equality compares <see cref="ReceivedByChannel"/> and
    /// <see cref="AccountabilityByCategory"/> by reference.</summary>
    public bool SameAs(SupervisionFigures other) =>
        this with { ReceivedByChannel = other.ReceivedByChannel, AccountabilityByCategory = other.AccountabilityByCategory } == other
        && SameCounts(ReceivedByChannel, other.ReceivedByChannel)
        && SameCounts(AccountabilityByCategory, other.AccountabilityByCategory);

    private static bool SameCounts<TKey>(IReadOnlyDictionary<TKey, int> a, IReadOnlyDictionary<TKey, int> b) =>
        a.Count == b.Count && a.All(c => b.TryGetValue(c.Key, out var n) && n == c.Value);
}

/// <summary>
/// Folds workflow events into <see cref="SupervisionFigures"/>, counting only what happened inside the year
/// [<c>from</c>, <c>to</c>). The read side feeds it the journal's events; the calibration feeds it the model's: one fold, so
/// the two count alike. Events of one clue must come in their order; clues may interleave.
/// </summary>
public sealed class SupervisionTally(DateTime from, DateTime to)
{
    private readonly Dictionary<ClueChannel, int> _byChannel = [];
    private readonly HashSet<(string, string)> _held = [];
    private readonly HashSet<(string, string)> _disciplined = [];
    private readonly HashSet<(string, string)> _accountable = [];
    private readonly Dictionary<string, int> _byCategory = AccountabilityCatalogue.Standard.Categories.ToDictionary(c => c, _ => 0);
    private readonly HashSet<int> _batches = [];
    private readonly HashSet<int> _notificationBatches = [];
    private readonly HashSet<int> _warned = [];
    private readonly HashSet<int> _red = [];
    private SupervisionFigures _f = new();
    private int _events;

    private bool InYear(DateTime at) => at >= from && at < to;

    public void Add(string clueId, ClueEvent e)
    {
        if (!InYear(e.At)) return;
        _events++;
        switch (e)
        {
            case ClueReceived r:
                _byChannel[r.Channel] = _byChannel.GetValueOrDefault(r.Channel) + 1;
                _f = _f with { CluesReceived = _f.CluesReceived + 1 };
                break;
            case ClueScreenedOut: _f = _f with { ScreenedOut = _f.ScreenedOut + 1 }; break;
            case ClueListed: _f = _f with { Listed = _f.Listed + 1 }; break;
            case ClueSupervisionListed b:
                _batches.Add(b.Batch);
                _f = _f with { ListedSupervision = _f.ListedSupervision + 1 };
                break;
            case ClueAssigned { Handler.Kind: HandlerKind.LinkedMember }: _f = _f with { KeyCases = _f.KeyCases + 1 }; break;
            case OutcomesDecided d:
                _f = _f with { Concluded = _f.Concluded + 1 };
                foreach (var x in d.Decisions)
                {
                    if (x.Outcome == PersonOutcome.Clarification) _f = _f with { Cleared = _f.Cleared + 1 };
                    else if (x.Exempted) _f = _f with { Exempted = _f.Exempted + 1 };
                    else
                    {
                        _held.Add((clueId, x.Person));
                        if (x.Outcome == PersonOutcome.PartyOrGovernmentDiscipline) _disciplined.Add((clueId, x.Person));
                        if (x.Situation is { } situation && _accountable.Add((clueId, x.Person))) CountCategory(clueId, x.Person, situation);
                    }
                }
                break;
            case ClueNotified n:
                if (n.Batch is { } nb)
                {
                    _notificationBatches.Add(nb);
                    _f = _f with { Exposed = _f.Exposed + 1 };
                }
                break;
            case ClueClosed: _f = _f with { Closed = _f.Closed + 1 }; break;
            case LookedBack { Reopened: true }: _f = _f with { Reopened = _f.Reopened + 1 }; break;
            case DeadlineMissed: _f = _f with { DeadlinesMissed = _f.DeadlinesMissed + 1 }; break;
        }
    }

    private void CountCategory(string clueId, string person, int situation)
    {
        // A clue's rules accept only the catalogue's situations, so one outside it comes from a journal written against
        // another catalogue: counted nowhere, the categories would silently stop adding up to the handlings.
        if (!AccountabilityCatalogue.Standard.Lists(situation))
            throw new InvalidDataException(
                $"clue {clueId}: {person}'s accountability cites situation {situation}, which the accountability rules (1–{AccountabilityCatalogue.Standard.Count}) do not list");
        var category = AccountabilityCatalogue.Standard[situation].Category;
        _byCategory[category]++;
    }

    public void Add(UnitWarningChanged w)
    {
        if (!InYear(w.At)) return;
        _events++;
        if (w.To >= WarningLevel.Yellow) _warned.Add(w.Unit);
        if (w.To == WarningLevel.Red) _red.Add(w.Unit);
    }

    public SupervisionFigures Figures => _f with
    {
        ReceivedByChannel = new Dictionary<ClueChannel, int>(_byChannel),
        SupervisionBatches = _batches.Count,
        NotificationBatches = _notificationBatches.Count,
        HeldResponsible = _held.Count,
        Disciplined = _disciplined.Count,
        AccountabilityHandled = _accountable.Count,
        AccountabilityByCategory = new Dictionary<string, int>(_byCategory),
        UnitsWarned = _warned.Count,
        UnitsRed = _red.Count,
        Events = _events,
    };

    /// <summary>Counts one model day: the events its commands are expected to cause, and its warning changes.</summary>
    public void Add(SupervisionDay day)
    {
        foreach (var c in day.Commands)
        foreach (var e in c.Expected)
            Add(c.ClueId, e);
        foreach (var w in day.Warnings) Add(w);
    }

    /// <summary>Tallies a whole model run (the model's own events, as expected of the actors).</summary>
    public static SupervisionFigures Of(SupervisionSpec spec, IEnumerable<SupervisionDay> days)
    {
        var tally = new SupervisionTally(spec.YearStart, spec.YearEnd);
        foreach (var day in days) tally.Add(day);
        return tally.Figures;
    }
}

/// <summary>A figure the seed reports (docs/domain.md#the-seeds-figures) and how to read the model's value of it.
/// <paramref name="HeldOut"/>: no parameter was derived from it, so the model predicts it. <paramref name="Years"/>: how
/// many years the seed's figure averages (its prediction interval is for the mean of that many years).</summary>
public sealed record SeedFigure(string Name, double Seed, Func<SupervisionFigures, double> Of, string Note = "", bool HeldOut = false, int Years = 1);

public static class SeedFigures
{
    /// <summary>The seed's one-year figures the parameters were derived from (<see cref="SupervisionDerivation"/>): the
    /// calibration check.</summary>
    public static IReadOnlyList<SeedFigure> Year { get; } =
    [
        new("clues under listed supervision", 301, f => f.ListedSupervision),
        new("listed-supervision batches", 5, f => f.SupervisionBatches),
        new("town/village cadres and grassroots staff held responsible", 403, f => f.HeldResponsible),
        new("of whom given party/government discipline", 283, f => f.Disciplined),
        new("accountability handling (persons)", 322, f => f.AccountabilityHandled),
        new("clues from agricultural-subsidy data analysis", 480, f => f.DataAnalysisClues),
        new("problems found by the working groups' visits", 67, f => f.VisitProblems),
    ];

    /// <summary>Figures no parameter was derived from. Units warned: 29 units over the 12th five-year plan (2011–2015),
    /// compared as the mean of five years (5.8 a year) with the interval for a five-year mean; the warning thresholds are
    /// the indicator system's defaults, not fitted to it.</summary>
    public static IReadOnlyList<SeedFigure> HeldOut { get; } =
    [
        new("units warned yellow/orange/red a year, mean of five years", 29 / 5.0, f => f.UnitsWarned,
            "29 over the five years of the 12th five-year plan", HeldOut: true, Years: 5),
    ];

    public static IReadOnlyList<SeedFigure> All { get; } = [.. Year, .. HeldOut];
}
