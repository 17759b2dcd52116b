namespace MonitorSim.Domain.Supervision;

/// <summary>
/// One clue's lifecycle as a pure state machine (docs/domain.md#handling-a-clue): received → screened out (duplicate, invalid) or put on the
/// clue list with a responsible person and a deadline → optionally under listed supervision in a batch → assigned (an
/// office or a county commission by region; a key case to its linked member) → investigated → an outcome per person →
/// notified (exposed in a batch or not) → rectified → looked back at, which either closes it or reopens the investigation.
/// A clue still open at its deadline records <see cref="DeadlineMissed"/>, from which responsibility backtracking opens a
/// new clue against its handler. <see cref="Decide"/> turns a command into events or a rejection with its reason (the
/// state never changes on a rejection); <see cref="Apply"/> folds an event into the state, so a clue's journal replays
/// to the same clue.
/// </summary>
public sealed record Clue
{
    /// <summary>How many accountability situations the "zero-obstacle" rules list (<see cref="AccountabilityCatalogue"/>:
    /// 4 categories, 35 situations).</summary>
    public static int AccountabilitySituations => AccountabilityCatalogue.Standard.Count;

    /// <summary>The number of discipline inspection offices of the city commission.</summary>
    public const int Offices = 5;

    /// <summary>A clue not yet received.</summary>
    public static Clue None { get; } = new();

    public string? Id { get; init; }
    public ClueChannel Channel { get; init; }
    public int Unit { get; init; }
    public IReadOnlyList<string> Persons { get; init; } = [];
    /// <summary>For a backtracking clue: the clue whose handler it is about.</summary>
    public string? AgainstHandlerOf { get; init; }
    /// <summary>Null until the clue is received.</summary>
    public ClueStatus? Status { get; init; }
    public string? Responsible { get; init; }
    public DateTime? Deadline { get; init; }
    public int? SupervisionBatch { get; init; }
    public ClueHandler? Handler { get; init; }
    public IReadOnlyList<PersonDecision> Decisions { get; init; } = [];
    public int? NotifiedBatch { get; init; }
    public DateTime? RectificationDue { get; init; }
    public int Reopened { get; init; }
    public bool DeadlineWasMissed { get; init; }

    /// <summary>Received and neither screened out nor closed.</summary>
    public bool IsOpen => Status is { } s && s is not (ClueStatus.ScreenedOut or ClueStatus.Closed);

    /// <summary>The events <paramref name="command"/> causes, or why it is refused.</summary>
    public ClueDecision Decide(ClueCommand command)
    {
        if (Status is null && command is not ReceiveClue) return Reject("no such clue: it has not been received");
        return command switch
        {
            ReceiveClue r => Receive(r),
            ScreenClue s => Screen(s),
            ListClue l => List(l),
            ListForSupervision b => SuperviseInBatch(b),
            AssignClue a => Assign(a),
            StartInvestigation i => Require(ClueStatus.Assigned, "start an investigation") ?? Accept(new InvestigationStarted(i.At)),
            DecideOutcomes d => DecideOutcomesFor(d),
            NotifyClue n => Require(ClueStatus.Concluded, "notify") ?? (n.Batch is <= 0
                ? Reject($"notification batch {n.Batch} is not a batch number (1, 2, …)")
                : Accept(new ClueNotified(n.At, n.Batch))),
            StartRectification r => Require(ClueStatus.Notified, "start rectification") ?? (r.Due <= r.At
                ? Reject("a rectification is due after it starts")
                : Accept(new RectificationStarted(r.At, r.Due))),
            CompleteRectification c => Require(ClueStatus.Rectifying, "complete a rectification") ?? Accept(new RectificationCompleted(c.At)),
            LookBack l => Require(ClueStatus.AwaitingLookBack, "look back") ?? (l.ProblemBack
                ? Accept(new LookedBack(l.At, Reopened: true))
                : Accept(new LookedBack(l.At, Reopened: false), new ClueClosed(l.At))),
            CloseClue c => Close(c),
            CheckDeadline d => CheckDeadlineAt(d),
            _ => Reject($"unknown command {command.GetType().Name}"),
        };
    }

    /// <summary>The clue after <paramref name="e"/>.</summary>
    public Clue Apply(ClueEvent e) => e switch
    {
        ClueReceived r => this with
        {
            Id = r.ClueId, Channel = r.Channel, Unit = r.Unit, Persons = r.Persons, AgainstHandlerOf = r.AgainstHandlerOf, Status = ClueStatus.Received,
        },
        ClueScreenedOut => this with { Status = ClueStatus.ScreenedOut },
        ClueListed l => this with { Status = ClueStatus.Listed, Responsible = l.Responsible, Deadline = l.Deadline },
        ClueSupervisionListed b => this with { SupervisionBatch = b.Batch },
        ClueAssigned a => this with { Status = ClueStatus.Assigned, Handler = a.Handler },
        InvestigationStarted => this with { Status = ClueStatus.UnderInvestigation },
        OutcomesDecided d => this with { Status = ClueStatus.Concluded, Decisions = d.Decisions },
        ClueNotified n => this with { Status = ClueStatus.Notified, NotifiedBatch = n.Batch },
        RectificationStarted r => this with { Status = ClueStatus.Rectifying, RectificationDue = r.Due },
        RectificationCompleted => this with { Status = ClueStatus.AwaitingLookBack },
        // A reopened clue is investigated again: its earlier outcomes stand in its history, new ones follow.
        LookedBack { Reopened: true } => this with { Status = ClueStatus.UnderInvestigation, Reopened = Reopened + 1 },
        LookedBack => this,
        ClueClosed => this with { Status = ClueStatus.Closed },
        DeadlineMissed => this with { DeadlineWasMissed = true },
        _ => throw new ArgumentException($"unknown clue event {e.GetType().Name}", nameof(e)),
    };

    /// <summary>Replays a clue's journal.</summary>
    public static Clue Replay(IEnumerable<ClueEvent> events) => events.Aggregate(None, (c, e) => c.Apply(e));

    private ClueDecision Receive(ReceiveClue r)
    {
        if (Status is not null) return Reject($"clue {Id} has already been received");
        if (string.IsNullOrWhiteSpace(r.ClueId)) return Reject("a clue needs an id");
        if (r.Unit < 0) return Reject($"unit {r.Unit} is not a unit");
        if (r.Channel == ClueChannel.Backtracking && string.IsNullOrWhiteSpace(r.AgainstHandlerOf))
            return Reject("a backtracking clue names the clue whose handler it is about");
        if (r.Channel != ClueChannel.Backtracking && r.AgainstHandlerOf is not null)
            return Reject("only a backtracking clue is about another clue's handler");
        if (r.Persons.Distinct().Count() != r.Persons.Count) return Reject("a person is named twice");
        return Accept(new ClueReceived(r.At, r.ClueId, r.Channel, r.Unit, r.Persons, r.AgainstHandlerOf));
    }

    private ClueDecision Screen(ScreenClue s)
    {
        if (Require(ClueStatus.Received, "screen") is { } refused) return refused;
        return s.Verdict switch
        {
            ScreeningVerdict.Accepted => Reject("a clue that passes screening is put on the clue list (ListClue)"),
            ScreeningVerdict.Duplicate when string.IsNullOrWhiteSpace(s.DuplicateOf) => Reject("a duplicate names the clue it duplicates"),
            ScreeningVerdict.Duplicate when s.DuplicateOf == Id => Reject("a clue cannot duplicate itself"),
            _ => Accept(new ClueScreenedOut(s.At, s.Verdict, s.DuplicateOf)),
        };
    }

    private ClueDecision List(ListClue l)
    {
        if (Require(ClueStatus.Received, "put on the clue list") is { } refused) return refused;
        if (string.IsNullOrWhiteSpace(l.Responsible)) return Reject("a listed clue has a responsible person");
        if (l.Deadline <= l.At) return Reject($"the deadline {l.Deadline:yyyy-MM-dd} is not after {l.At:yyyy-MM-dd}");
        return Accept(new ClueListed(l.At, l.Responsible, l.Deadline));
    }

    private ClueDecision SuperviseInBatch(ListForSupervision b)
    {
        if (Status is not (ClueStatus.Listed or ClueStatus.Assigned or ClueStatus.UnderInvestigation))
            return Reject($"only a listed clue not yet concluded can be put under listed supervision; this one is {Describe(Status)}");
        if (SupervisionBatch is { } batch) return Reject($"the clue is already under listed supervision (batch {batch})");
        if (b.Batch <= 0) return Reject($"batch {b.Batch} is not a batch number (1, 2, …)");
        return Accept(new ClueSupervisionListed(b.At, b.Batch));
    }

    private ClueDecision Assign(AssignClue a)
    {
        if (Require(ClueStatus.Listed, "assign") is { } refused) return refused;
        var h = a.Handler;
        if (h.Kind == HandlerKind.Office && h.Number is < 1 or > Offices) return Reject($"there is no office {h.Number} (offices 1–{Offices})");
        if (h.Number < 0) return Reject($"{h} does not exist");
        if (h.Kind == HandlerKind.LinkedMember && SupervisionBatch is null)
            return Reject("only a key case (under listed supervision) goes to its linked standing-committee member");
        return Accept(new ClueAssigned(a.At, h));
    }

    private ClueDecision DecideOutcomesFor(DecideOutcomes d)
    {
        if (Require(ClueStatus.UnderInvestigation, "decide outcomes") is { } refused) return refused;
        if (d.Decisions.Count == 0) return Reject("an investigation ends with an outcome for at least one person");
        var named = d.Decisions.Select(x => x.Person).ToList();
        if (named.Distinct().Count() != named.Count) return Reject("a person has two outcomes");
        if (Persons.Count > 0 && Persons.Except(named).FirstOrDefault() is { } missing)
            return Reject($"{missing}, named in the clue, has no outcome");
        foreach (var x in d.Decisions)
        {
            if (x.Outcome == PersonOutcome.Accountability && !x.Exempted && !(x.Situation is { } cited && AccountabilityCatalogue.Standard.Lists(cited)))
                return Reject($"accountability for {x.Person} cites situation {x.Situation?.ToString() ?? "none"}; it must cite one of the {AccountabilitySituations} situations of the accountability rules");
            // Accountability (问责) is a procedure as well as a form: a discipline, an organisational handling, an
            // admonishment or a criticism imposed under it cites its situation too. Clearing a name or exempting a person
            // holds nobody accountable.
            if (x.Situation is not null && x.Outcome == PersonOutcome.Clarification)
                return Reject($"{x.Person} was cleared: a clarification cites no accountability situation");
            if (x.Situation is not null && x.Exempted)
                return Reject($"{x.Person} is exempted: an exemption cites no accountability situation");
            if (x.Situation is { } situation && !AccountabilityCatalogue.Standard.Lists(situation))
                return Reject($"{x.Person}'s accountability cites situation {situation}; it must cite one of the {AccountabilitySituations} situations of the accountability rules");
            if (x.Exempted && x.Outcome == PersonOutcome.Clarification)
                return Reject($"{x.Person} was cleared: there is nothing to exempt");
        }
        return Accept(new OutcomesDecided(d.At, d.Decisions));
    }

    private ClueDecision Close(CloseClue c)
    {
        if (Require(ClueStatus.Notified, "close without a rectification") is { } refused) return refused;
        // Something to put right must be rectified and looked back at before the clue closes.
        if (Decisions.Any(x => x.Outcome != PersonOutcome.Clarification && !x.Exempted))
            return Reject("a clue with sanctions is closed by its look-back, after rectification");
        return Accept(new ClueClosed(c.At));
    }

    private ClueDecision CheckDeadlineAt(CheckDeadline d)
    {
        var overdue = Status is ClueStatus.Listed or ClueStatus.Assigned or ClueStatus.UnderInvestigation
                      && Deadline is { } deadline && d.At > deadline && !DeadlineWasMissed;
        return overdue ? Accept(new DeadlineMissed(d.At, Deadline!.Value, Responsible!)) : Accept();
    }

    private ClueDecision? Require(ClueStatus status, string what) =>
        Status == status ? null : Reject($"cannot {what}: the clue is {Describe(Status)}, not {Describe(status)}");

    private static string Describe(ClueStatus? s) => s switch
    {
        null => "not received",
        ClueStatus.ScreenedOut => "screened out",
        ClueStatus.UnderInvestigation => "under investigation",
        ClueStatus.AwaitingLookBack => "awaiting its look-back",
        _ => s.Value.ToString().ToLowerInvariant(),
    };

    private static ClueDecision Accept(params ClueEvent[] events) => new(events, null);

    private static ClueDecision Reject(string reason) => new([], reason);
}

/// <summary>A command's result: the events it causes (none is a valid answer, e.g. a deadline not yet passed), or the
/// reason it was refused.</summary>
public sealed record ClueDecision(IReadOnlyList<ClueEvent> Events, string? Rejection)
{
    public bool Accepted => Rejection is null;
}
