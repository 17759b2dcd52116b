using MonitorSim.Domain.Supervision;

namespace MonitorSim.Domain.Tests.Supervision;

/// <summary>Full-process co-handling: a named co-handler walks a request through its steps in order, each within its
/// limit; an overrun is recorded once per step and becomes a clue against the co-handler.</summary>
public sealed class CoHandlingTests
{
    private static readonly DateTime T0 = new(2026, 4, 1, 9, 0, 0);
    private static DateTime H(double hours) => T0.AddHours(hours);

    private static readonly CoHandlingStep[] Steps =
    [
        new("civil affairs intake", TimeSpan.FromHours(2)),
        new("finance review", TimeSpan.FromHours(24)),
        new("agriculture approval", TimeSpan.FromHours(8)),
    ];

    private static CoHandlingRequest Do(CoHandlingRequest r, CoHandlingCommand c)
    {
        var d = r.Decide(c);
        Assert.True(d.Accepted, d.Rejection);
        return d.Events.Aggregate(r, (x, e) => x.Apply(e));
    }

    private static CoHandlingRequest Opened() => Do(CoHandlingRequest.None, new OpenCoHandling(T0, "r-1", 17, "Zhou", Steps));

    [Fact]
    public void A_request_walks_through_its_steps_in_order_to_completion()
    {
        var r = Do(Do(Opened(), new CompleteCoHandlingStep(H(1), 0)), new CompleteCoHandlingStep(H(10), 1));
        Assert.Equal(2, r.Done);
        Assert.Equal(H(18), r.CurrentDue); // the third step's 8 h count from the second's end

        var last = r.Decide(new CompleteCoHandlingStep(H(12), 2));
        var done = last.Events.Aggregate(r, (x, e) => x.Apply(e));

        Assert.Equal([typeof(CoHandlingStepCompleted), typeof(CoHandlingCompleted)], last.Events.Select(e => e.GetType()));
        Assert.True(done.Completed);
        Assert.False(done.IsOpen);
        Assert.Null(done.CurrentDue);
    }

    [Fact]
    public void Steps_cannot_be_skipped_repeated_or_done_after_completion()
    {
        var opened = Opened();
        Assert.Contains("step 0 (civil affairs intake) comes first", opened.Decide(new CompleteCoHandlingStep(H(1), 1)).Rejection, StringComparison.Ordinal);
        var first = Do(opened, new CompleteCoHandlingStep(H(1), 0));
        Assert.False(first.Decide(new CompleteCoHandlingStep(H(2), 0)).Accepted);
        var done = Do(Do(first, new CompleteCoHandlingStep(H(3), 1)), new CompleteCoHandlingStep(H(4), 2));
        Assert.Contains("already completed", done.Decide(new CompleteCoHandlingStep(H(5), 2)).Rejection, StringComparison.Ordinal);
        Assert.Contains("not been opened", CoHandlingRequest.None.Decide(new CompleteCoHandlingStep(H(1), 0)).Rejection, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_without_a_co_handler_or_steps_or_with_a_step_of_no_time_is_refused()
    {
        Assert.Contains("co-handler", CoHandlingRequest.None.Decide(new OpenCoHandling(T0, "r", 1, " ", Steps)).Rejection, StringComparison.Ordinal);
        Assert.Contains("at least one", CoHandlingRequest.None.Decide(new OpenCoHandling(T0, "r", 1, "Zhou", [])).Rejection, StringComparison.Ordinal);
        Assert.Contains("finance", CoHandlingRequest.None.Decide(new OpenCoHandling(T0, "r", 1, "Zhou",
            [Steps[0], new CoHandlingStep("finance", TimeSpan.Zero)])).Rejection, StringComparison.Ordinal);
        Assert.Contains("already open", Opened().Decide(new OpenCoHandling(T0, "r-1", 17, "Zhou", Steps)).Rejection, StringComparison.Ordinal);
    }

    [Fact]
    public void An_overrun_step_is_recorded_once_and_becomes_a_clue_against_the_co_handler()
    {
        var r = Do(Opened(), new CompleteCoHandlingStep(H(1), 0)); // finance due at H(25)
        Assert.Empty(r.Decide(new CheckCoHandlingDeadline(H(25))).Events);

        var overdue = Assert.IsType<CoHandlingStepOverdue>(Assert.Single(r.Decide(new CheckCoHandlingDeadline(H(26))).Events));
        Assert.Equal((1, H(25), "Zhou"), (overdue.Step, overdue.Due, overdue.CoHandler));
        var after = r.Apply(overdue);
        Assert.Empty(after.Decide(new CheckCoHandlingDeadline(H(30))).Events);

        var clue = after.ClueFor(overdue, unit: 88);
        Assert.Equal(ClueChannel.CoHandlingDeadline, clue.Channel);
        Assert.Equal(["Zhou"], clue.Persons);
        Assert.Equal(88, clue.Unit);
        Assert.True(Clue.None.Decide(clue).Accepted);
        // The next step gets its own deadline and its own overrun.
        var next = Do(after, new CompleteCoHandlingStep(H(31), 1));
        Assert.IsType<CoHandlingStepOverdue>(Assert.Single(next.Decide(new CheckCoHandlingDeadline(H(40))).Events));
    }

    [Fact]
    public void Replaying_a_requests_events_gives_back_the_same_request()
    {
        var events = new List<CoHandlingEvent>();
        var r = CoHandlingRequest.None;
        foreach (var c in new CoHandlingCommand[] { new OpenCoHandling(T0, "r-2", 3, "Wu", Steps), new CheckCoHandlingDeadline(H(3)), new CompleteCoHandlingStep(H(4), 0) })
        {
            var d = r.Decide(c);
            events.AddRange(d.Events);
            r = d.Events.Aggregate(r, (x, e) => x.Apply(e));
        }

        var replayed = CoHandlingRequest.Replay(events);
        Assert.Equal(r.Id, replayed.Id);
        Assert.Equal(r.Done, replayed.Done);
        Assert.Equal(r.CurrentDue, replayed.CurrentDue);
        Assert.Equal([0], replayed.Overdue);
    }
}
