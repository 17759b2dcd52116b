using MonitorSim.Load.Scenarios;

namespace MonitorSim.Load.Tests.Supervision;

/// <summary>A bad <c>supervision:</c> section is refused with the file, line and field of every mistake.</summary>
public sealed class SupervisionScenarioErrorTests
{
    private const string Head = """
        name: year
        scenarios:
          - name: keepalive
            operation: keepalive
            load:
              - periodic: { every: 60s, per: camera }
        """;

    private static IReadOnlyList<ScenarioError> Errors(string supervision)
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Head + "\nsupervision:\n" + supervision, "year.yaml"));
        Assert.All(e.Errors, x => Assert.Equal("year.yaml", x.File));
        return e.Errors;
    }

    [Fact]
    public void A_share_above_one_an_unknown_channel_and_batches_out_of_order_are_each_named_with_their_line()
    {
        var errors = Errors("""
              duplicate_share: 1.5
              intake:
                petitions: { poisson: 100 }
              supervision_batches:
                - { day: 100, size: 60 }
                - { day: 40, size: 60 }
            """);
        Assert.Contains(errors, e => e.Field == "supervision.duplicate_share" && e.Line == 8 && e.Message.Contains("between 0 and 1"));
        Assert.Contains(errors, e => e.Field == "supervision.intake.petitions" && e.Line == 10 && e.Message.Contains("did you mean 'petition'"));
        Assert.Contains(errors, e => e.Field == "supervision.supervision_batches[1].day" && e.Line == 13 && e.Message.Contains("day order"));
    }

    [Fact]
    public void A_seasonal_channel_needs_twelve_monthly_weights_and_a_channel_one_process()
    {
        var errors = Errors("""
              intake:
                four_season_inspection: { seasonal: { per_year: 200, months: [1, 0, 1] } }
                media: { poisson: 10, batch: { every: 30d, mean: 2 } }
            """);
        Assert.Contains(errors, e => e.Field == "supervision.intake.four_season_inspection.seasonal.months" && e.Line == 9 && e.Message.Contains("12 needed"));
        Assert.Contains(errors, e => e.Field == "supervision.intake.media" && e.Line == 10 && e.Message.Contains("one arrival process"));
    }

    [Fact]
    public void One_replication_is_refused_a_prediction_interval_needs_two()
    {
        var errors = Errors("""
              replications: 1
            """);
        var error = Assert.Single(errors);
        Assert.Equal(("supervision.replications", 8), (error.Field, error.Line));
        Assert.Contains("at least 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replications_default_to_30_and_are_read_when_given()
    {
        Assert.Equal(30, ScenarioLoader.Parse(Head + "\nsupervision:\n  lead_in: 30d\n", "year.yaml").Supervision!.Replications);
        Assert.Equal(8, ScenarioLoader.Parse(Head + "\nsupervision:\n  replications: 8\n", "year.yaml").Supervision!.Replications);
    }

    [Fact]
    public void A_valid_section_is_read_into_the_spec()
    {
        var s = ScenarioLoader.Parse(Head + """

            supervision:
              year_start: 2016-01-01
              lead_in: 30d
              intake:
                petition: { poisson: 120 }
                joint_meeting_transfer: { batch: { every: 30d, mean: 28 } }
              sanctions: { discipline: 3, criticism: 1 }
              visits: { groups: 2, units: 10, first_day: 200, days: 5, problems_per_unit: 0.5 }
            """, "year.yaml").Supervision!;
        Assert.Equal(new DateTime(2016, 1, 1), s.YearStart);
        Assert.Equal(TimeSpan.FromDays(30), s.LeadIn);
        Assert.Equal(2, s.Channels.Count);
        Assert.Equal(new Domain.Supervision.SanctionShares(3, 0, 0, 1, 0), s.Sanctions);
        Assert.Equal(5, s.Visits!.Days);
    }
}
