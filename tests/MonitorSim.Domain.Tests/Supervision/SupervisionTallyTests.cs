using MonitorSim.Domain.Supervision;

namespace MonitorSim.Domain.Tests.Supervision;

/// <summary>The year's accountability handlings counted by the category of the situation each cites, so the read side
/// can say which of the rules' four categories the year's accountability fell under.</summary>
public sealed class SupervisionTallyTests
{
    private static readonly DateTime YearStart = new(2015, 1, 1);
    private static readonly AccountabilityCatalogue Rules = AccountabilityCatalogue.Standard;

    private static SupervisionTally Year() => new(YearStart, YearStart.AddYears(1));

    /// <summary>The first situation of the rules' category <paramref name="k"/> (0-based, in the rules' order).</summary>
    private static int FirstOf(int k) => Rules.Situations.First(s => s.Category == Rules.Categories[k]).Id;

    [Fact]
    public void Accountability_handlings_are_counted_by_the_category_of_the_situation_cited()
    {
        var tally = Year();
        var at = YearStart.AddDays(40);
        tally.Add("c-1", new OutcomesDecided(at, [
            new PersonDecision("Li", PersonOutcome.Accountability, Situation: FirstOf(0)),
            new PersonDecision("Wang", PersonOutcome.PartyOrGovernmentDiscipline, Situation: FirstOf(1)),
            new PersonDecision("Zhao", PersonOutcome.Criticism),
            new PersonDecision("Sun", PersonOutcome.Clarification),
        ]));
        tally.Add("c-2", new OutcomesDecided(at, [
            new PersonDecision("Li", PersonOutcome.AdmonishmentTalk, Situation: FirstOf(1) + 1),
            new PersonDecision("Qian", PersonOutcome.OrganisationalHandling, Exempted: true),
        ]));
        // Reopened by its look-back, c-1 decides Li again: still one handling of one person, in the category first cited.
        tally.Add("c-1", new OutcomesDecided(at.AddDays(90), [new PersonDecision("Li", PersonOutcome.Accountability, Situation: FirstOf(3))]));
        // Decided before the year: not the year's.
        tally.Add("c-0", new OutcomesDecided(YearStart.AddDays(-3), [new PersonDecision("Zhou", PersonOutcome.Accountability, Situation: FirstOf(2))]));

        var f = tally.Figures;

        Assert.Equal(Rules.Categories, f.AccountabilityByCategory.Keys);
        Assert.Equal([1, 2, 0, 0], f.AccountabilityByCategory.Values);
        Assert.Equal(3, f.AccountabilityHandled);
        Assert.Equal(f.AccountabilityHandled, f.AccountabilityByCategory.Values.Sum());
    }

    [Fact]
    public void A_situation_the_rules_do_not_list_cannot_be_counted_in_any_category()
    {
        var tally = Year();

        var e = Assert.Throws<InvalidDataException>(() => tally.Add("c-9", new OutcomesDecided(YearStart.AddDays(1),
            [new PersonDecision("Li", PersonOutcome.Accountability, Situation: Rules.Count + 1)])));

        Assert.Contains("clue c-9: Li's accountability cites situation 36", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_years_with_the_same_handlings_in_other_categories_are_not_the_same()
    {
        SupervisionFigures Handling(int situation)
        {
            var tally = Year();
            tally.Add("c-1", new OutcomesDecided(YearStart.AddDays(5), [new PersonDecision("Li", PersonOutcome.Accountability, Situation: situation)]));
            return tally.Figures;
        }

        Assert.True(Handling(FirstOf(0)).SameAs(Handling(FirstOf(0))));
        Assert.True(Handling(FirstOf(0)).SameAs(Handling(FirstOf(0) + 1)));
        Assert.False(Handling(FirstOf(0)).SameAs(Handling(FirstOf(1))));
    }
}
