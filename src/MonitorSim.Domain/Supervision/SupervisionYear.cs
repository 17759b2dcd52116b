using MathNet.Numerics.Distributions;

namespace MonitorSim.Domain.Supervision;

/// <summary>A command for one clue, with the events the model expects it to cause (none for a deadline not yet passed).
/// Whoever executes the day's commands on the cluster compares the clue actor's answer with them.</summary>
public sealed record WorkflowCommand(string ClueId, ClueCommand Command, IReadOnlyList<ClueEvent> Expected);

/// <summary>One simulated day's work: its clue commands in order (a clue's commands keep their order; different clues'
/// commands are independent) and the unit warning levels that changed that day.</summary>
public sealed record SupervisionDay(int Index, DateTime Date, IReadOnlyList<WorkflowCommand> Commands, IReadOnlyList<UnitWarningChanged> Warnings);

/// <summary>
/// The city's supervision desk over a simulated year, as a seeded discrete-event model (docs/domain.md#supervision-workflows): clues arrive through
/// every channel; each is screened, listed with a responsible person and a deadline, assigned (a key case under listed
/// supervision to its linked standing-committee member, others by region), investigated, decided person by person,
/// notified in monthly batches, rectified and looked back at (which may reopen it). Listed supervision comes in the
/// scenario's batches, the working groups visit in August, an overdue clue opens a backtracking clue against its responsible
/// person, and every signal feeds the units' yellow–orange–red warning. Each clue's rules are <see cref="Clue"/>'s: the
/// model decides every command it issues against its own copy, so it knows what each command should cause.
/// The same spec, organisation and seed give the same days, command for command; the model itself stores nothing.
/// Beside the workflow it keeps a calendar (<see cref="Agenda"/>), the day's log (<see cref="DayLog"/>), the key cases
/// (<see cref="KeyCases"/>) and the organisation's lookups (<see cref="Roster"/>), each a class of its own.
/// </summary>
public sealed class SupervisionYear
{
    private static readonly AccountabilityCatalogue Catalogue = AccountabilityCatalogue.Standard;

    private readonly SupervisionSpec _spec;
    private readonly Organisation _org;
    private readonly string _runKey;
    private readonly Random _rng;
    private readonly Roster _roster;
    private readonly Agenda _agenda = new();
    private readonly Dictionary<string, Clue> _clues = [];
    private readonly List<string> _received = [];
    private readonly KeyCases _keyCases = new();
    private readonly UnitWarnings _warnings;
    private readonly DayLog _day = new();
    private int _nextClue;
    private int _notificationBatch;

    public SupervisionYear(SupervisionSpec spec, Organisation organisation, int seed, string runKey)
    {
        if (spec.Problems() is { Count: > 0 } problems)
            throw new ArgumentException(string.Join("; ", problems.Select(p => $"{p.Field}: {p.Message}")), nameof(spec));
        _spec = spec;
        _org = organisation;
        _runKey = runKey;
        _rng = new Random(unchecked(seed * 31 + 17));
        _roster = new Roster(organisation, _rng);
        _warnings = new UnitWarnings(u => organisation.Units[u].Type, Indicators);
        Days = (int)Math.Round(spec.LeadIn.TotalDays) + 365;
        foreach (var arrival in ClueIntake.Arrivals(spec.Channels, spec.Start, spec.YearEnd, seed))
            At(arrival.At, () => Arrive(arrival.At, arrival.Channel, _roster.UnitFor(arrival.Channel), null));
        foreach (var (batch, k) in spec.SupervisionBatches.Select((b, k) => (b, k + 1)))
            At(spec.YearStart.AddDays(batch.Day).AddHours(9), () => SuperviseBatch(spec.YearStart.AddDays(batch.Day).AddHours(9), k, batch.Size));
        for (var t = spec.Start.AddDays(spec.NotifyEveryDays).AddHours(16); t < spec.YearEnd; t = t.AddDays(spec.NotifyEveryDays))
        {
            var at = t;
            At(at, () => NotifyBatch(at));
        }
        if (spec.Visits is { } visits) PlanVisits(visits);
    }

    /// <summary>Simulated days in all: the lead-in and the counted year.</summary>
    public int Days { get; }

    /// <summary>The days in order; each is computed when asked for.</summary>
    public IEnumerable<SupervisionDay> Run()
    {
        for (var d = 0; d < Days; d++)
        {
            var date = _spec.Start.AddDays(d);
            var end = date.AddDays(1);
            _agenda.RunBefore(end);
            _day.Changed(_warnings.Tick(end));
            yield return _day.Close(d, date);
        }
    }

    private WarningIndicators Indicators(UnitType type)
    {
        var d = WarningIndicators.Default(type);
        var k = _spec.WarningThresholdScale;
        return d with { Yellow = d.Yellow * k, Orange = d.Orange * k, Red = d.Red * k };
    }

    private void At(DateTime when, Action action) => _agenda.At(when, action);

    private DateTime After(DateTime from, double meanDays) => from.AddDays(Exponential.Sample(_rng, 1 / meanDays));

    /// <summary>Issues a command to a clue: decided against the model's copy, which takes the events at once.</summary>
    private IReadOnlyList<ClueEvent> Send(string clueId, ClueCommand command)
    {
        var clue = _clues.GetValueOrDefault(clueId, Clue.None);
        var decision = clue.Decide(command);
        if (!decision.Accepted)
            throw new InvalidOperationException($"the supervision model issued a refused command to clue {clueId}: {decision.Rejection}");
        foreach (var e in decision.Events) clue = clue.Apply(e);
        _clues[clueId] = clue;
        _day.Issued(new WorkflowCommand(clueId, command, decision.Events));
        foreach (var e in decision.Events) React(clueId, clue, e);
        return decision.Events;
    }

    /// <summary>What the desk does about an event: backtracking for a missed deadline, and the unit's warning signals.</summary>
    private void React(string clueId, Clue clue, ClueEvent e)
    {
        switch (e)
        {
            case ClueReceived { Channel: ClueChannel.MonitoringDetection } r: Signal(r.Unit, WarningSignal.MonitoringDetection, r.At); break;
            case ClueReceived { Channel: ClueChannel.CoHandlingDeadline } r: Signal(r.Unit, WarningSignal.CoHandlingMissed, r.At); break;
            case OutcomesDecided d when d.Decisions.Any(Sanctioned): Signal(clue.Unit, WarningSignal.SubstantiatedClue, d.At); break;
            case LookedBack { Reopened: true } l: Signal(clue.Unit, WarningSignal.Reopened, l.At); break;
            case DeadlineMissed m:
            {
                Signal(clue.Unit, WarningSignal.MissedDeadline, m.At);
                // Responsibility backtracking (责任倒查): the person responsible for the overdue clue is investigated.
                var responsible = _org.Staff.First(s => s.Id == m.Responsible);
                var at = m.At.AddDays(1);
                At(at, () => Arrive(at, ClueChannel.Backtracking, responsible.Unit, clueId, [responsible.Id]));
                break;
            }
        }
    }

    private void Signal(int unit, WarningSignal signal, DateTime at)
    {
        if (_warnings.Signal(unit, signal, at) is { } change) _day.Changed(change);
    }

    private static bool Sanctioned(PersonDecision d) => d.Outcome != PersonOutcome.Clarification && !d.Exempted;

    private void Arrive(DateTime at, ClueChannel channel, int unit, string? againstHandlerOf, IReadOnlyList<string>? persons = null)
    {
        var id = $"{_runKey}-{++_nextClue:D5}";
        Send(id, new ReceiveClue(at, id, channel, unit, persons ?? _roster.PersonsAt(unit, _spec.ExtraPersonsMean), againstHandlerOf));
        _received.Add(id);
        var screened = After(at, _spec.MeanDaysToScreen);
        At(screened, () => Screen(id, screened));
    }

    private void Screen(string id, DateTime at)
    {
        var roll = _rng.NextDouble();
        var earlier = _received.Count > 1 ? _received[_rng.Next(_received.Count - 1)] : null;
        if (roll < _spec.DuplicateShare && earlier is not null && earlier != id)
        {
            Send(id, new ScreenClue(at, ScreeningVerdict.Duplicate, earlier));
            return;
        }
        if (roll < _spec.DuplicateShare + _spec.InvalidShare)
        {
            Send(id, new ScreenClue(at, ScreeningVerdict.Invalid));
            return;
        }
        var deadline = at.AddDays(_spec.DeadlineDays);
        Send(id, new ListClue(at, _roster.ResponsibleFor(_clues[id].Unit), deadline));
        At(deadline.AddDays(1), () =>
        {
            if (_clues[id].Status is ClueStatus.Listed or ClueStatus.Assigned or ClueStatus.UnderInvestigation)
                Send(id, new CheckDeadline(deadline.AddDays(1)));
        });
        var assigned = After(at, _spec.MeanDaysToAssign);
        At(assigned, () => Assign(id, assigned));
    }

    private void Assign(string id, DateTime at)
    {
        Send(id, new AssignClue(at, _org.HandlerFor(_clues[id].Unit, _keyCases.Contains(id))));
        var started = After(at, _spec.MeanDaysToStart);
        At(started, () =>
        {
            Send(id, new StartInvestigation(started));
            PlanConclusion(id, started);
        });
    }

    private void PlanConclusion(string id, DateTime from)
    {
        var days = Gamma.Sample(_rng, _spec.InvestigationShape, _spec.InvestigationShape / _spec.MeanInvestigationDays);
        var at = from.AddDays(days);
        At(at, () => Send(id, new DecideOutcomes(at, Decide(_clues[id]))));
    }

    private List<PersonDecision> Decide(Clue clue)
    {
        var substantiated = _rng.NextDouble() < _spec.SubstantiatedShare;
        return clue.Persons.Select(p =>
        {
            if (!substantiated) return new PersonDecision(p, PersonOutcome.Clarification);
            var form = SanctionForm();
            if (_rng.NextDouble() < _spec.ExemptShare) return new PersonDecision(p, form, Exempted: true);
            var cited = form == PersonOutcome.Accountability || _rng.NextDouble() < _spec.AccountabilityCitedShare;
            // One draw per cited situation, uniform over the catalogue (the seed gives no split by situation).
            return new PersonDecision(p, form, Situation: cited ? Catalogue.Situations[_rng.Next(Catalogue.Count)].Id : null);
        }).ToList();
    }

    private PersonOutcome SanctionForm()
    {
        var s = _spec.Sanctions;
        var x = _rng.NextDouble() * s.Total;
        if ((x -= s.Discipline) < 0) return PersonOutcome.PartyOrGovernmentDiscipline;
        if ((x -= s.OrganisationalHandling) < 0) return PersonOutcome.OrganisationalHandling;
        if ((x -= s.AdmonishmentTalk) < 0) return PersonOutcome.AdmonishmentTalk;
        if ((x -= s.Criticism) < 0) return PersonOutcome.Criticism;
        return PersonOutcome.Accountability;
    }

    /// <summary>Listed supervision: <paramref name="size"/> open clues drawn at random; a drawn clue not yet assigned whose
    /// region's linked standing-committee member has no key case yet becomes that member's key case ("five ones").</summary>
    private void SuperviseBatch(DateTime at, int batch, int size)
    {
        var open = _clues.Where(c => c.Value.Status is ClueStatus.Listed or ClueStatus.Assigned or ClueStatus.UnderInvestigation
                                     && c.Value.SupervisionBatch is null)
            .Select(c => c.Key).Order(StringComparer.Ordinal).ToList();
        foreach (var id in _rng.DrawDistinct(open, size))
        {
            Send(id, new ListForSupervision(at, batch));
            if (_clues[id].Status == ClueStatus.Listed && _org.HandlerFor(_clues[id].Unit, keyCase: true) is { Kind: HandlerKind.LinkedMember } member)
                _keyCases.TryTake(id, member.Number);
        }
    }

    /// <summary>"Supervise a batch, investigate a batch, notify a batch": every concluded clue is notified; some of those
    /// with sanctions are exposed by name in the batch.</summary>
    private void NotifyBatch(DateTime at)
    {
        var batch = ++_notificationBatch;
        var concluded = _clues.Where(c => c.Value.Status == ClueStatus.Concluded).Select(c => c.Key).Order(StringComparer.Ordinal).ToList();
        foreach (var id in concluded)
        {
            var toPutRight = _clues[id].Decisions.Any(Sanctioned);
            var exposed = toPutRight && _rng.NextDouble() < _spec.ExposedShare;
            Send(id, new NotifyClue(at, exposed ? batch : null));
            var next = at.AddDays(1);
            if (!toPutRight)
            {
                At(next, () => Send(id, new CloseClue(next)));
                continue;
            }
            At(next, () =>
            {
                Send(id, new StartRectification(next, next.AddDays(30)));
                var done = After(next, _spec.MeanRectificationDays);
                At(done, () =>
                {
                    Send(id, new CompleteRectification(done));
                    var back = done.AddDays(_spec.LookBackAfterDays);
                    At(back, () =>
                    {
                        var reopened = _rng.NextDouble() < _spec.ReopenShare;
                        Send(id, new LookBack(back, reopened));
                        if (reopened) PlanConclusion(id, back);
                    });
                });
            });
        }
    }

    private void PlanVisits(VisitCampaign v)
    {
        var i = 0;
        foreach (var unit in _rng.DrawDistinct(_roster.Visitable(), v.Units))
        {
            // The groups share the units out and visit one each a working day, in turn.
            var at = _spec.YearStart.AddDays(v.FirstDay + i / v.Groups % v.Days).AddHours(10 + i % v.Groups * 0.5);
            i++;
            var problems = Poisson.Sample(_rng, v.ProblemsPerUnit);
            for (var k = 0; k < problems; k++) At(at, () => Arrive(at, ClueChannel.WorkingGroupVisit, unit, null));
        }
    }
}
