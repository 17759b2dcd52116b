namespace MonitorSim.Domain.Supervision;

/// <summary>One internal step of a co-handled request: the department that acts and how long it has, counted from when
/// the step starts (when the step before it ended, or the request was opened).</summary>
public sealed record CoHandlingStep(string Department, TimeSpan Limit);

public abstract record CoHandlingEvent(DateTime At);

public sealed record CoHandlingOpened(DateTime At, string RequestId, int Post, string CoHandler, IReadOnlyList<CoHandlingStep> Steps) : CoHandlingEvent(At);

public sealed record CoHandlingStepCompleted(DateTime At, int Step) : CoHandlingEvent(At);

public sealed record CoHandlingCompleted(DateTime At) : CoHandlingEvent(At);

/// <summary>Step <paramref name="Step"/> passed its deadline unfinished: recorded once per step, it becomes a clue against
/// the co-handler (<see cref="CoHandlingRequest.ClueFor"/>).</summary>
public sealed record CoHandlingStepOverdue(DateTime At, int Step, DateTime Due, string CoHandler) : CoHandlingEvent(At);

public abstract record CoHandlingCommand(DateTime At);

public sealed record OpenCoHandling(DateTime At, string RequestId, int Post, string CoHandler, IReadOnlyList<CoHandlingStep> Steps) : CoHandlingCommand(At);

public sealed record CompleteCoHandlingStep(DateTime At, int Step) : CoHandlingCommand(At);

public sealed record CheckCoHandlingDeadline(DateTime At) : CoHandlingCommand(At);

public sealed record CoHandlingDecision(IReadOnlyList<CoHandlingEvent> Events, string? Rejection)
{
    public bool Accepted => Rejection is null;
}

/// <summary>
/// Full-process co-handling (全程协办, docs/domain.md#co-handling): a citizen's request at a co-handling post, walked through every internal
/// step of a department by one co-handler named as responsible. Steps are done in order, each within its own limit; a
/// step that overruns records <see cref="CoHandlingStepOverdue"/> once, and that becomes a clue — inaction caught and
/// turned into supervision. A pure state machine like <see cref="Clue"/>: decide, apply, replay.
/// </summary>
public sealed record CoHandlingRequest
{
    public static CoHandlingRequest None { get; } = new();

    public string? Id { get; init; }
    public int Post { get; init; }
    public string? CoHandler { get; init; }
    public IReadOnlyList<CoHandlingStep> Steps { get; init; } = [];
    /// <summary>Steps done so far; the current step is this one (when it is less than the number of steps).</summary>
    public int Done { get; init; }
    /// <summary>When the current step started.</summary>
    public DateTime CurrentSince { get; init; }
    public bool Completed { get; init; }
    /// <summary>The steps that went overdue.</summary>
    public IReadOnlyList<int> Overdue { get; init; } = [];

    public bool IsOpen => Id is not null && !Completed;

    /// <summary>When the current step is due (null when the request is not open).</summary>
    public DateTime? CurrentDue => IsOpen ? CurrentSince + Steps[Done].Limit : null;

    public CoHandlingDecision Decide(CoHandlingCommand command)
    {
        if (Id is null && command is not OpenCoHandling) return Reject("no such request: it has not been opened");
        switch (command)
        {
            case OpenCoHandling o:
                if (Id is not null) return Reject($"request {Id} is already open");
                if (string.IsNullOrWhiteSpace(o.RequestId)) return Reject("a request needs an id");
                if (string.IsNullOrWhiteSpace(o.CoHandler)) return Reject("a co-handler is named as responsible for every request");
                if (o.Steps.Count == 0) return Reject("a co-handled request has at least one internal step");
                if (o.Steps.FirstOrDefault(s => s.Limit <= TimeSpan.Zero) is { } bad) return Reject($"the step at {bad.Department} has no time to be done in");
                return Accept(new CoHandlingOpened(o.At, o.RequestId, o.Post, o.CoHandler, o.Steps));
            case CompleteCoHandlingStep c:
                if (Completed) return Reject($"request {Id} is already completed");
                if (c.Step != Done) return Reject($"step {c.Step} cannot be completed: step {Done} ({Steps[Done].Department}) comes first");
                return Done + 1 == Steps.Count
                    ? Accept(new CoHandlingStepCompleted(c.At, c.Step), new CoHandlingCompleted(c.At))
                    : Accept(new CoHandlingStepCompleted(c.At, c.Step));
            case CheckCoHandlingDeadline d:
                return IsOpen && d.At > CurrentDue && !Overdue.Contains(Done)
                    ? Accept(new CoHandlingStepOverdue(d.At, Done, CurrentDue!.Value, CoHandler!))
                    : Accept();
            default:
                return Reject($"unknown command {command.GetType().Name}");
        }
    }

    public CoHandlingRequest Apply(CoHandlingEvent e) => e switch
    {
        CoHandlingOpened o => this with { Id = o.RequestId, Post = o.Post, CoHandler = o.CoHandler, Steps = o.Steps, CurrentSince = o.At },
        CoHandlingStepCompleted s => this with { Done = s.Step + 1, CurrentSince = s.At },
        CoHandlingCompleted => this with { Completed = true },
        CoHandlingStepOverdue o => this with { Overdue = [.. Overdue, o.Step] },
        _ => throw new ArgumentException($"unknown co-handling event {e.GetType().Name}", nameof(e)),
    };

    public static CoHandlingRequest Replay(IEnumerable<CoHandlingEvent> events) => events.Aggregate(None, (r, e) => r.Apply(e));

    /// <summary>The clue an overdue step becomes: against the co-handler, at the unit of the post.</summary>
    public ReceiveClue ClueFor(CoHandlingStepOverdue overdue, int unit) =>
        new(overdue.At, CoHandlingPractice.ClueIdOf(Id!, overdue.Step), ClueChannel.CoHandlingDeadline, unit, [overdue.CoHandler]);

    private static CoHandlingDecision Accept(params CoHandlingEvent[] events) => new(events, null);

    private static CoHandlingDecision Reject(string reason) => new([], reason);
}
