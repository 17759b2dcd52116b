using MonitorSim.Domain.Supervision;

namespace MonitorSim.Domain.Tests.Supervision;

/// <summary>The clue lifecycle (docs/domain.md#handling-a-clue) as a pure state machine: every legal step, the illegal ones refused with a
/// reason and the clue unchanged, deadlines and backtracking, exemption, and the look-back that reopens.</summary>
public sealed class ClueLifecycleTests
{
    private static readonly DateTime Day0 = new(2026, 3, 2, 9, 0, 0);
    private static DateTime Day(int n) => Day0.AddDays(n);

    /// <summary>Applies a command that must be accepted; returns the clue after its events.</summary>
    private static Clue Do(Clue clue, ClueCommand command)
    {
        var decision = clue.Decide(command);
        Assert.True(decision.Accepted, $"{command.GetType().Name} refused: {decision.Rejection}");
        return decision.Events.Aggregate(clue, (c, e) => c.Apply(e));
    }

    /// <summary>A command that must be refused: the reason contains <paramref name="reason"/>, and no event is produced.</summary>
    private static void Refused(Clue clue, ClueCommand command, string reason)
    {
        var decision = clue.Decide(command);
        Assert.False(decision.Accepted, $"{command.GetType().Name} was accepted on a {clue.Status} clue");
        Assert.Empty(decision.Events);
        Assert.Contains(reason, decision.Rejection, StringComparison.Ordinal);
    }

    private static Clue Received(params string[] persons) =>
        Do(Clue.None, new ReceiveClue(Day(0), "c-1", ClueChannel.ConductHotline, 12, persons));

    private static Clue Listed() => Do(Received("Li", "Wang"), new ListClue(Day(1), "office-2 head", Day(31)));

    private static Clue Investigating() => Do(Do(Listed(), new AssignClue(Day(2), new ClueHandler(HandlerKind.Office, 2))), new StartInvestigation(Day(3)));

    private static Clue Concluded(PersonOutcome li = PersonOutcome.AdmonishmentTalk, bool exempt = false) =>
        Do(Investigating(), new DecideOutcomes(Day(20), [new PersonDecision("Li", li, exempt), new PersonDecision("Wang", PersonOutcome.Clarification)]));

    private static Clue AwaitingLookBack() =>
        Do(Do(Do(Concluded(), new NotifyClue(Day(21), 1)), new StartRectification(Day(22), Day(60))), new CompleteRectification(Day(50)));

    [Fact]
    public void A_clue_goes_from_receipt_through_investigation_notification_rectification_and_look_back_to_closed()
    {
        var clue = AwaitingLookBack();
        Assert.Equal(ClueStatus.AwaitingLookBack, clue.Status);

        var decision = clue.Decide(new LookBack(Day(90), ProblemBack: false));
        var closed = decision.Events.Aggregate(clue, (c, e) => c.Apply(e));

        Assert.Equal([typeof(LookedBack), typeof(ClueClosed)], decision.Events.Select(e => e.GetType()));
        Assert.Equal(ClueStatus.Closed, closed.Status);
        Assert.False(closed.IsOpen);
        Assert.Equal("office-2 head", closed.Responsible);
        Assert.Equal(new ClueHandler(HandlerKind.Office, 2), closed.Handler);
        Assert.Equal(1, closed.NotifiedBatch);
        Assert.Equal(2, closed.Decisions.Count);
    }

    [Fact]
    public void Replaying_a_clues_journal_gives_back_the_same_clue()
    {
        var journal = new List<ClueEvent>();
        var clue = Clue.None;
        foreach (var command in new ClueCommand[]
                 {
                     new ReceiveClue(Day(0), "c-9", ClueChannel.Petition, 4, ["Zhao"]), new ListClue(Day(1), "county head", Day(20)),
                     new ListForSupervision(Day(2), 3), new AssignClue(Day(3), new ClueHandler(HandlerKind.LinkedMember, 7)),
                     new StartInvestigation(Day(4)), new CheckDeadline(Day(25)),
                     new DecideOutcomes(Day(26), [new PersonDecision("Zhao", PersonOutcome.Accountability, Situation: 12)]),
                 })
        {
            var decision = clue.Decide(command);
            Assert.True(decision.Accepted, decision.Rejection);
            journal.AddRange(decision.Events);
            clue = decision.Events.Aggregate(clue, (c, e) => c.Apply(e));
        }

        Assert.Equal(clue, Clue.Replay(journal));
        Assert.True(clue.DeadlineWasMissed);
        Assert.Equal(3, clue.SupervisionBatch);
    }

    [Theory]
    [InlineData(ScreeningVerdict.Duplicate, "c-0")]
    [InlineData(ScreeningVerdict.Invalid, null)]
    public void Screening_out_a_duplicate_or_an_invalid_clue_ends_it(ScreeningVerdict verdict, string? of)
    {
        var clue = Do(Received("Li"), new ScreenClue(Day(1), verdict, of));

        Assert.Equal(ClueStatus.ScreenedOut, clue.Status);
        Assert.False(clue.IsOpen);
        Refused(clue, new ListClue(Day(2), "x", Day(30)), "screened out");
    }

    [Fact]
    public void Screening_refuses_a_duplicate_without_its_original_and_an_accepted_verdict()
    {
        Refused(Received(), new ScreenClue(Day(1), ScreeningVerdict.Duplicate), "names the clue it duplicates");
        Refused(Received(), new ScreenClue(Day(1), ScreeningVerdict.Duplicate, "c-1"), "cannot duplicate itself");
        Refused(Received(), new ScreenClue(Day(1), ScreeningVerdict.Accepted), "put on the clue list");
    }

    [Fact]
    public void Illegal_steps_are_refused_with_a_reason_and_change_nothing()
    {
        var listed = Listed();
        Refused(Clue.None, new ListClue(Day(1), "x", Day(9)), "not been received");
        Refused(Received(), new ReceiveClue(Day(1), "c-1", ClueChannel.Petition, 1, []), "already been received");
        Refused(listed, new StartInvestigation(Day(2)), "the clue is listed, not assigned");
        Refused(listed, new DecideOutcomes(Day(2), [new PersonDecision("Li", PersonOutcome.Criticism)]), "not under investigation");
        Refused(listed, new NotifyClue(Day(2), 1), "not concluded");
        Refused(Investigating(), new CloseClue(Day(9)), "under investigation");
        Refused(Concluded(), new LookBack(Day(30), false), "not awaiting its look-back");
        Refused(Received(), new ListClue(Day(5), "x", Day(5)), "is not after");
        Refused(Received(), new ListClue(Day(5), " ", Day(9)), "responsible person");
        // The clue a refused command was given to is the same afterwards.
        Assert.Equal(ClueStatus.Listed, listed.Status);
    }

    [Fact]
    public void Offices_are_numbered_one_to_five_and_only_a_key_case_goes_to_its_linked_member()
    {
        Refused(Listed(), new AssignClue(Day(2), new ClueHandler(HandlerKind.Office, 6)), "no office 6");
        Refused(Listed(), new AssignClue(Day(2), new ClueHandler(HandlerKind.LinkedMember, 3)), "only a key case");
        var key = Do(Listed(), new ListForSupervision(Day(2), 1));
        Assert.Equal(ClueStatus.Assigned, Do(key, new AssignClue(Day(3), new ClueHandler(HandlerKind.LinkedMember, 3))).Status);
        Assert.Equal(ClueStatus.Assigned, Do(Listed(), new AssignClue(Day(2), new ClueHandler(HandlerKind.CountyCommission, 4))).Status);
    }

    [Fact]
    public void Listed_supervision_takes_a_batch_once_and_only_before_the_clue_is_concluded()
    {
        var supervised = Do(Investigating(), new ListForSupervision(Day(5), 2));
        Assert.Equal(2, supervised.SupervisionBatch);
        Refused(supervised, new ListForSupervision(Day(6), 3), "already under listed supervision (batch 2)");
        Refused(Listed(), new ListForSupervision(Day(5), 0), "not a batch number");
        Refused(Concluded(), new ListForSupervision(Day(30), 1), "not yet concluded");
    }

    [Fact]
    public void Every_person_named_gets_one_outcome_and_accountability_cites_one_of_the_35_situations()
    {
        var investigating = Investigating();
        Refused(investigating, new DecideOutcomes(Day(9), [new PersonDecision("Li", PersonOutcome.Criticism)]), "Wang, named in the clue, has no outcome");
        Refused(investigating, new DecideOutcomes(Day(9), []), "at least one person");
        Refused(investigating, new DecideOutcomes(Day(9), [new PersonDecision("Li", PersonOutcome.Criticism), new PersonDecision("Li", PersonOutcome.Criticism),
            new PersonDecision("Wang", PersonOutcome.Criticism)]), "two outcomes");
        Refused(investigating, new DecideOutcomes(Day(9), [new PersonDecision("Li", PersonOutcome.Accountability), new PersonDecision("Wang", PersonOutcome.Clarification)]),
            "must cite one of the 35");
        Refused(investigating, new DecideOutcomes(Day(9), [new PersonDecision("Li", PersonOutcome.Accountability, Situation: 36), new PersonDecision("Wang", PersonOutcome.Clarification)]),
            "situation 36");
        Refused(investigating, new DecideOutcomes(Day(9), [new PersonDecision("Li", PersonOutcome.Criticism), new PersonDecision("Wang", PersonOutcome.Clarification, Situation: 4)]),
            "Wang was cleared: a clarification cites no accountability situation");
        Refused(investigating, new DecideOutcomes(Day(9), [new PersonDecision("Li", PersonOutcome.AdmonishmentTalk, Exempted: true, Situation: 4),
            new PersonDecision("Wang", PersonOutcome.Clarification)]), "Li is exempted");
        Refused(investigating, new DecideOutcomes(Day(9), [new PersonDecision("Li", PersonOutcome.PartyOrGovernmentDiscipline, Situation: 0),
            new PersonDecision("Wang", PersonOutcome.Clarification)]), "cites situation 0");
        // A discipline imposed under the accountability procedure cites its situation too (问责处理).
        var decided = Do(investigating, new DecideOutcomes(Day(9), [new PersonDecision("Li", PersonOutcome.Accountability, Situation: 35),
            new PersonDecision("Wang", PersonOutcome.PartyOrGovernmentDiscipline, Situation: 7)]));
        Assert.Equal(ClueStatus.Concluded, decided.Status);
        Assert.Equal(7, decided.Decisions[1].Situation);
    }

    [Fact]
    public void Accountability_citing_a_situation_the_rules_do_not_list_is_refused_and_the_clue_stays_under_investigation()
    {
        var investigating = Investigating();
        var unknown = AccountabilityCatalogue.Standard.Count + 1;

        var decision = investigating.Decide(new DecideOutcomes(Day(9), [new PersonDecision("Li", PersonOutcome.Accountability, Situation: unknown),
            new PersonDecision("Wang", PersonOutcome.Clarification)]));

        Assert.False(decision.Accepted);
        Assert.Empty(decision.Events);
        Assert.Contains($"cites situation {unknown}; it must cite one of the 35 situations of the accountability rules", decision.Rejection, StringComparison.Ordinal);
        Assert.Equal(ClueStatus.UnderInvestigation, investigating.Status);
        Assert.Empty(investigating.Decisions);
        // The same clue takes the outcome once it cites a listed situation: the last one of the last category.
        var listed = Do(investigating, new DecideOutcomes(Day(9), [new PersonDecision("Li", PersonOutcome.Accountability, Situation: unknown - 1),
            new PersonDecision("Wang", PersonOutcome.Clarification)]));
        Assert.Equal(AccountabilityCatalogue.Standard.Categories[^1], AccountabilityCatalogue.Standard[listed.Decisions[0].Situation!.Value].Category);
    }

    [Fact]
    public void An_exempted_error_needs_no_rectification_and_the_clue_closes_once_notified()
    {
        Refused(Investigating(), new DecideOutcomes(Day(9), [new PersonDecision("Li", PersonOutcome.Clarification, Exempted: true),
            new PersonDecision("Wang", PersonOutcome.Clarification)]), "nothing to exempt");
        var exempted = Do(Concluded(PersonOutcome.AdmonishmentTalk, exempt: true), new NotifyClue(Day(21), null));

        var closed = Do(exempted, new CloseClue(Day(22)));

        Assert.Equal(ClueStatus.Closed, closed.Status);
        Assert.Null(closed.NotifiedBatch);
        // Without the exemption the admonishment must be rectified and looked back at first.
        Refused(Do(Concluded(), new NotifyClue(Day(21), 2)), new CloseClue(Day(22)), "closed by its look-back");
    }

    [Fact]
    public void A_look_back_that_finds_the_problem_back_reopens_the_investigation()
    {
        var reopened = Do(AwaitingLookBack(), new LookBack(Day(90), ProblemBack: true));

        Assert.Equal(ClueStatus.UnderInvestigation, reopened.Status);
        Assert.Equal(1, reopened.Reopened);
        Assert.True(reopened.IsOpen);
        var again = Do(reopened, new DecideOutcomes(Day(100), [new PersonDecision("Li", PersonOutcome.PartyOrGovernmentDiscipline),
            new PersonDecision("Wang", PersonOutcome.Clarification)]));
        Assert.Equal(PersonOutcome.PartyOrGovernmentDiscipline, again.Decisions[0].Outcome);
    }

    [Fact]
    public void A_clue_still_open_after_its_deadline_records_the_miss_once_and_a_concluded_one_never()
    {
        var investigating = Investigating(); // deadline day 31
        Assert.Empty(investigating.Decide(new CheckDeadline(Day(31))).Events); // due that day, not yet missed

        var missed = investigating.Decide(new CheckDeadline(Day(32)));
        var overdue = Assert.IsType<DeadlineMissed>(Assert.Single(missed.Events));
        Assert.Equal("office-2 head", overdue.Responsible);
        Assert.Equal(Day(31), overdue.Deadline);
        var after = investigating.Apply(overdue);
        Assert.Empty(after.Decide(new CheckDeadline(Day(40))).Events);
        Assert.Empty(Concluded().Decide(new CheckDeadline(Day(40))).Events);
    }

    [Fact]
    public void Backtracking_opens_a_clue_against_the_handler_of_the_overdue_one()
    {
        Refused(Clue.None, new ReceiveClue(Day(32), "bt-1", ClueChannel.Backtracking, 12, ["office-2 head"]), "names the clue whose handler");
        Refused(Clue.None, new ReceiveClue(Day(32), "c-2", ClueChannel.Petition, 12, [], AgainstHandlerOf: "c-1"), "only a backtracking clue");

        var backtracking = Do(Clue.None, new ReceiveClue(Day(32), "bt-1", ClueChannel.Backtracking, 12, ["office-2 head"], AgainstHandlerOf: "c-1"));

        Assert.Equal(ClueStatus.Received, backtracking.Status);
        Assert.Equal("c-1", backtracking.AgainstHandlerOf);
        Assert.Equal(["office-2 head"], backtracking.Persons);
    }
}
