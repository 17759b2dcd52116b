using MonitorSim.Domain.Supervision;

namespace MonitorSim.Domain.Tests.Supervision;

/// <summary>Clue arrivals per channel over a year: steady, in batches, or by season; merged in time order, seeded.</summary>
public sealed class ClueIntakeTests
{
    private static readonly DateTime Jan1 = new(2026, 1, 1);
    private static readonly DateTime NextJan1 = new(2027, 1, 1);

    private static IReadOnlyList<ClueArrival> Year(int seed, params ChannelIntake[] channels) => ClueIntake.Arrivals(channels, Jan1, NextJan1, seed);

    [Fact]
    public void Steady_arrivals_average_their_yearly_rate()
    {
        // 20 seeded years of 1,000 petitions a year: the mean within 3 % (its standard error is 0.7 %).
        var counts = Enumerable.Range(1, 20).Select(seed => Year(seed, new ChannelIntake(ClueChannel.Petition, new PoissonIntake(1000))).Count).ToList();

        Assert.InRange(counts.Average(), 970, 1030);
        Assert.True(counts.Distinct().Count() > 5, "the yearly counts do not vary: not a random process");
    }

    [Fact]
    public void Batches_arrive_on_their_period_all_at_once()
    {
        var arrivals = Year(3, new ChannelIntake(ClueChannel.JointMeetingTransfer, new BatchIntake(TimeSpan.FromDays(91), 20, TimeSpan.FromDays(30))));

        var batches = arrivals.GroupBy(a => a.At).Select(g => g.Key).ToList();
        Assert.Equal([Jan1.AddDays(30), Jan1.AddDays(121), Jan1.AddDays(212), Jan1.AddDays(303)], batches);
        Assert.InRange(arrivals.Count, 40, 120); // four Poisson batches of mean 20
    }

    [Fact]
    public void Seasonal_arrivals_come_only_in_their_months_in_proportion_to_the_weights()
    {
        // Four-season inspections: March, June, September and December, twice as many in December.
        double[] weights = [0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 2];
        var arrivals = Enumerable.Range(1, 10)
            .SelectMany(seed => Year(seed, new ChannelIntake(ClueChannel.FourSeasonInspection, new SeasonalIntake(500, weights))))
            .ToList();

        Assert.All(arrivals, a => Assert.Contains(a.At.Month, new[] { 3, 6, 9, 12 }));
        Assert.InRange(arrivals.Count / 10.0, 460, 540);
        var december = arrivals.Count(a => a.At.Month == 12);
        var march = arrivals.Count(a => a.At.Month == 3);
        Assert.InRange(december / (double)march, 1.7, 2.3);
    }

    [Fact]
    public void Channels_merge_in_time_order_and_the_same_seed_gives_the_same_year()
    {
        ChannelIntake[] channels =
        [
            new(ClueChannel.Petition, new PoissonIntake(300)),
            new(ClueChannel.DataAnalysis, new BatchIntake(TimeSpan.FromDays(365), 480, TimeSpan.FromDays(120))),
        ];
        var year = Year(7, channels);

        Assert.Equal(year.OrderBy(a => a.At).Select(a => a.At), year.Select(a => a.At));
        Assert.Equal(year, Year(7, channels));
        Assert.NotEqual(year, Year(8, channels));
        Assert.Contains(year, a => a.Channel == ClueChannel.DataAnalysis);
        Assert.All(year, a => Assert.InRange(a.At, Jan1, NextJan1.AddTicks(-1)));
    }

    [Theory]
    [InlineData("poisson", "not a rate")]
    [InlineData("batch", "period longer than zero")]
    [InlineData("seasonal", "12 needed")]
    public void A_process_that_makes_no_sense_is_refused_naming_its_channel(string kind, string problem)
    {
        IntakeProcess process = kind switch
        {
            "poisson" => new PoissonIntake(-1),
            "batch" => new BatchIntake(TimeSpan.Zero, 5, TimeSpan.Zero),
            _ => new SeasonalIntake(10, [1, 2, 3]),
        };

        var e = Assert.Throws<ArgumentException>(() => Year(1, new ChannelIntake(ClueChannel.Media, process)));

        Assert.Contains("Media", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }
}
