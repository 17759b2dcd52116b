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
/// </summary>
public sealed class SupervisionYear
{
    private static readonly AccountabilityCatalogue Catalogue = AccountabilityCatalogue.Standard;

    private readonly SupervisionSpec _spec;
    private readonly Organisation _org;
    private readonly string _runKey;
    private readonly Random _rng;
    private readonly Dictionary<string, Clue> _clues = [];
    private readonly List<string> _received = [];
    private readonly HashSet<string> _keyCases = [];
    private readonly HashSet<int> _membersWithKeyCase = [];
    private readonly PriorityQueue<Action, (DateTime, long)> _agenda = new();
    private readonly Dictionary<int, List<StaffMember>> _staffOf;
    private readonly Dictionary<UnitType, List<int>> _unitsOf;
    private readonly UnitWarnings _warnings;
    private readonly List<WorkflowCommand> _today = [];
    private readonly List<UnitWarningChanged> _warningsToday = [];
    private long _sequence;
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
        _staffOf = organisation.Staff.GroupBy(s => s.Unit).ToDictionary(g => g.Key, g => g.ToList());
        _unitsOf = organisation.Units.GroupBy(u => u.Type).ToDictionary(g => g.Key, g => g.Select(u => u.Index).ToList());
        _warnings = new UnitWarnings(u => organisation.Units[u].Type, Indicators);
        Days = (int)Math.Round(spec.LeadIn.TotalDays) + 365;
        foreach (var arrival in ClueIntake.Arrivals(spec.Channels, spec.Start, spec.YearEnd, seed))
            At(arrival.At, () => Arrive(arrival.At, arrival.Channel, UnitFor(arrival.Channel), null));
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
            while (_agenda.TryPeek(out _, out var when) && when.Item1 < end) _agenda.Dequeue()();
            _warningsToday.AddRange(_warnings.Tick(end));
            yield return new SupervisionDay(d, date, _today.ToList(), _warningsToday.ToList());
            _today.Clear();
            _warningsToday.Clear();
        }
    }

    private WarningIndicators Indicators(UnitType type)
    {
        var d = WarningIndicators.Default(type);
        var k = _spec.WarningThresholdScale;
        return d with { Yellow = d.Yellow * k, Orange = d.Orange * k, Red = d.Red * k };
    }

    private void At(DateTime when, Action action) => _agenda.Enqueue(action, (when, _sequence++));

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
        _today.Add(new WorkflowCommand(clueId, command, decision.Events));
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
        if (_warnings.Signal(unit, signal, at) is { } change) _warningsToday.Add(change);
    }

    private static bool Sanctioned(PersonDecision d) => d.Outcome != PersonOutcome.Clarification && !d.Exempted;

    private void Arrive(DateTime at, ClueChannel channel, int unit, string? againstHandlerOf, IReadOnlyList<string>? persons = null)
    {
        var id = $"{_runKey}-{++_nextClue:D5}";
        Send(id, new ReceiveClue(at, id, channel, unit, persons ?? PersonsAt(unit), againstHandlerOf));
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
        Send(id, new ListClue(at, ResponsibleFor(_clues[id].Unit), deadline));
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
        foreach (var id in Draw(open, size))
        {
            Send(id, new ListForSupervision(at, batch));
            if (_clues[id].Status == ClueStatus.Listed && _org.HandlerFor(_clues[id].Unit, keyCase: true) is { Kind: HandlerKind.LinkedMember } member
                && _membersWithKeyCase.Add(member.Number))
                _keyCases.Add(id);
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
        // The seed's visits cover city agencies, counties and districts, towns and sub-districts, and service centres.
        var visitable = new[] { UnitType.CityAgency, UnitType.CountyDivision, UnitType.TownOrSubDistrict, UnitType.ServiceCentre }
            .SelectMany(t => _unitsOf.GetValueOrDefault(t, [])).ToList();
        var i = 0;
        foreach (var unit in Draw(visitable, v.Units))
        {
            // The groups share the units out and visit one each a working day, in turn.
            var at = _spec.YearStart.AddDays(v.FirstDay + i / v.Groups % v.Days).AddHours(10 + i % v.Groups * 0.5);
            i++;
            var problems = Poisson.Sample(_rng, v.ProblemsPerUnit);
            for (var k = 0; k < problems; k++) At(at, () => Arrive(at, ClueChannel.WorkingGroupVisit, unit, null));
        }
    }

    /// <summary>Which unit a clue from <paramref name="channel"/> is about. Data analysis runs per village committee; the
    /// tree's detections and co-handling overruns happen at a service point; other channels (assumption, the seed gives no
    /// split) point at villages 35 %, towns 30 %, city agencies 15 %, counties 10 %, service centres 10 %.</summary>
    private int UnitFor(ClueChannel channel)
    {
        if (channel == ClueChannel.DataAnalysis) return Pick(UnitType.Village);
        if (channel is ClueChannel.MonitoringDetection or ClueChannel.CoHandlingDeadline)
            return _org.UnitOfPoint(_rng.Next(_org.PointCount));
        var x = _rng.NextDouble();
        return x < 0.35 ? Pick(UnitType.Village)
            : x < 0.65 ? Pick(UnitType.TownOrSubDistrict)
            : x < 0.80 ? Pick(UnitType.CityAgency)
            : x < 0.90 ? Pick(UnitType.CountyDivision)
            : Pick(UnitType.ServiceCentre);
    }

    private int Pick(UnitType type)
    {
        var units = _unitsOf.GetValueOrDefault(type) ?? _unitsOf.Values.First();
        return units[_rng.Next(units.Count)];
    }

    /// <summary>1 + Poisson(mean) distinct staff of the unit.</summary>
    private List<string> PersonsAt(int unit)
    {
        var staff = _staffOf.GetValueOrDefault(unit, []);
        return Draw(staff.Select(s => s.Id).ToList(), 1 + Poisson.Sample(_rng, _spec.ExtraPersonsMean)).ToList();
    }

    /// <summary>Up to <paramref name="count"/> distinct items drawn at random from <paramref name="pool"/> (which it
    /// reorders), one at a time as asked for: the caller's own draws between two items keep their place in the sequence.</summary>
    private IEnumerable<T> Draw<T>(List<T> pool, int count)
    {
        for (var i = 0; i < Math.Min(count, pool.Count); i++)
        {
            var pick = i + _rng.Next(pool.Count - i);
            (pool[i], pool[pick]) = (pool[pick], pool[i]);
            yield return pool[i];
        }
    }

    /// <summary>The person responsible for a listed clue: the unit above bears the "subject responsibility" (主体责任) for a
    /// village or a town; a county or a city agency for itself. Its first staff member on the roll.</summary>
    private string ResponsibleFor(int unit)
    {
        var u = _org.Units[unit];
        var bearer = u.Type is UnitType.Village or UnitType.TownOrSubDistrict or UnitType.ServiceCentre && u.Parent is { } parent ? parent : unit;
        return _staffOf[bearer][0].Id;
    }
}
