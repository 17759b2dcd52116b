using MonitorSim.Domain.Supervision;

namespace MonitorSim.Domain.Tests.Supervision;

/// <summary>The "zero-obstacle" accountability rules' situations, kept as data: the standard catalogue has the seed's 4
/// categories and 35 situations, and a catalogue file that is not one is refused naming its line and field.</summary>
public sealed class AccountabilityCatalogueTests
{
    private static AccountabilityCatalogue Read(params string[] lines) =>
        AccountabilityCatalogue.Read(new StringReader(string.Join("\n", lines)), "situations.csv");

    private static void Refused(string[] lines, int line, string field, string problem)
    {
        var e = Assert.Throws<AccountabilityCatalogueException>(() => Read(lines));
        Assert.Equal(("situations.csv", line, field), (e.File, e.Line, e.Field));
        Assert.StartsWith($"situations.csv:{line}: {field}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rules_list_35_situations_numbered_1_to_35_in_4_categories()
    {
        var rules = AccountabilityCatalogue.Standard;

        Assert.Equal(35, rules.Count);
        Assert.Equal(Enumerable.Range(1, 35), rules.Situations.Select(s => s.Id));
        Assert.Equal(4, rules.Categories.Count);
        Assert.All(rules.Categories, c => Assert.Contains(rules.Situations, s => s.Category == c));
        Assert.All(rules.Situations, s => Assert.False(string.IsNullOrWhiteSpace(s.Text), $"situation {s.Id} says nothing"));
        Assert.Equal(35, Clue.AccountabilitySituations);
        Assert.Equal(rules.Situations[11], rules[12]);
        Assert.False(rules.Lists(0));
        Assert.False(rules.Lists(36));
    }

    [Fact]
    public void What_the_monitoring_and_the_desk_find_are_situations_a_person_can_be_held_accountable_for()
    {
        var texts = AccountabilityCatalogue.Standard.Situations.Select(s => s.Text).ToList();

        // The seed's technology finds staff leaving posts early and desks unattended; co-handling and clue-list deadlines
        // are the desk's own.
        Assert.Contains(texts, t => t.Contains("leaving the post early", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("service desk unattended", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("co-handling step's deadline", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("clue on the clue list by its deadline", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("\"ten prohibitions\"", StringComparison.Ordinal));
    }

    [Fact]
    public void A_catalogue_file_skips_comments_and_reads_quoted_texts_with_commas_and_quotes()
    {
        var rules = Read(
            "# the rules",
            "",
            "id,category,situation",
            "1,Obstacles,\"Turning a citizen away, or stalling\"",
            "2,Obstacles,Rudeness",
            "# inaction",
            "3, Inaction ,\"Breaching the \"\"ten prohibitions\"\"\"",
            "4,Disorder,Arbitrary charges",
            "5,Conduct,Drinking at noon");

        Assert.Equal(["Obstacles", "Inaction", "Disorder", "Conduct"], rules.Categories);
        Assert.Equal(new AccountabilitySituation(1, "Obstacles", "Turning a citizen away, or stalling"), rules[1]);
        Assert.Equal(new AccountabilitySituation(3, "Inaction", "Breaching the \"ten prohibitions\""), rules[3]);
        Assert.Equal(5, rules.Count);
    }

    [Fact]
    public void A_catalogue_without_its_header_is_refused()
    {
        Refused(["# the rules", "1,A,a", "2,B,b", "3,C,c", "4,D,d"], 2, "header", "expected the header 'id,category,situation'");
        Refused(["id,category,text", "1,A,a", "2,B,b", "3,C,c", "4,D,d"], 1, "header", "found 'id,category,text'");
        Refused(["# nothing but a comment"], 1, "header", "no header");
        Refused(["id,category,situation"], 1, "situation", "no situations");
    }

    [Fact]
    public void Ids_run_1_2_and_so_on_without_a_duplicate_or_a_gap()
    {
        Refused(["id,category,situation", "1,A,a", "2,B,b", "2,C,c", "3,D,d"], 4, "id", "duplicate id 2 (first on line 3)");
        Refused(["id,category,situation", "1,A,a", "2,B,b", "4,C,c", "5,D,d"], 4, "id", "id 4 follows 2");
        Refused(["id,category,situation", "2,A,a", "3,B,b", "4,C,c", "5,D,d"], 2, "id", "ids start at 1");
        Refused(["id,category,situation", "1,A,a", "two,B,b", "3,C,c", "4,D,d"], 3, "id", "'two' is not a whole number");
        Refused(["id,category,situation", "1,A,a", "-2,B,b", "3,C,c", "4,D,d"], 3, "id", "'-2' is not a whole number");
    }

    [Fact]
    public void Every_situation_has_a_category_and_a_text()
    {
        Refused(["id,category,situation", "1,A,a", "2,B,", "3,C,c", "4,D,d"], 3, "situation", "empty");
        Refused(["id,category,situation", "1,A,a", "2,B,\"  \"", "3,C,c", "4,D,d"], 3, "situation", "empty");
        Refused(["id,category,situation", "1,A,a", "2,,b", "3,C,c", "4,D,d"], 3, "category", "empty");
        Refused(["id,category,situation", "1,A,a", "2,B", "3,C,c", "4,D,d"], 3, "situation", "missing");
        Refused(["id,category,situation", "1,A,a", "2,B,b, unquoted", "3,C,c", "4,D,d"], 3, "field 4", "quote a text that holds a comma");
        Refused(["id,category,situation", "1,A,a", "2,B,\"b, unclosed", "3,C,c", "4,D,d"], 3, "situation", "no closing quote");
    }

    [Fact]
    public void The_rules_have_exactly_4_categories_each_kept_together()
    {
        Refused(["id,category,situation", "1,A,a", "2,B,b", "3,C,c", "4,C,d"], 5, "category", "the situations fall in 3 categories: the rules have 4");
        Refused(["id,category,situation", "1,A,a", "2,B,b", "3,C,c", "4,D,d", "5,E,e"], 6, "category", "'E' would be category 5");
        Refused(["id,category,situation", "1,A,a", "2,B,b", "3,A,c", "4,C,d", "5,D,e"], 4, "category", "'A' (from line 2) comes back after 'B'");
    }
}
