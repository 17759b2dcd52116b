using MonitorSim.Domain.Supervision;

namespace MonitorSim.Domain.Tests.Supervision;

/// <summary>The yellow–orange–red unit early warning: rolling weighted counts against thresholds that differ by unit type.</summary>
public sealed class UnitWarningsTests
{
    private static readonly DateTime Day0 = new(2026, 1, 5, 10, 0, 0);
    private static DateTime Day(double n) => Day0.AddDays(n);

    private const int Village = 1;
    private const int Agency = 2;

    private static UnitWarnings Warnings() =>
        new(unit => unit == Village ? UnitType.Village : UnitType.CityAgency, WarningIndicators.Default);

    [Fact]
    public void A_village_climbs_yellow_orange_red_as_substantiated_clues_add_up_and_red_puts_it_under_key_supervision()
    {
        var w = Warnings(); // village: yellow 2, orange 4, red 6

        Assert.Null(w.Signal(Village, WarningSignal.SubstantiatedClue, Day(0)));
        var yellow = w.Signal(Village, WarningSignal.SubstantiatedClue, Day(1));
        Assert.Equal((WarningLevel.None, WarningLevel.Yellow, 2.0), (yellow!.From, yellow.To, yellow.Score));
        var orange = w.Signal(Village, WarningSignal.MissedDeadline, Day(2)); // weighs 2
        Assert.Equal(WarningLevel.Orange, orange!.To);
        Assert.False(orange.KeySupervision);
        var red = w.Signal(Village, WarningSignal.Reopened, Day(3));
        Assert.Equal(WarningLevel.Red, red!.To);
        Assert.True(red.KeySupervision);
        Assert.Equal([Village], w.UnderKeySupervision);
    }

    [Fact]
    public void The_same_signals_that_turn_a_village_red_leave_a_city_agency_yellow()
    {
        var w = Warnings();
        foreach (var (signal, day) in new[] { (WarningSignal.SubstantiatedClue, 0), (WarningSignal.SubstantiatedClue, 1), (WarningSignal.MissedDeadline, 2), (WarningSignal.Reopened, 3) })
        {
            w.Signal(Village, signal, Day(day));
            w.Signal(Agency, signal, Day(day));
        }

        Assert.Equal(WarningLevel.Red, w.LevelOf(Village));
        Assert.Equal(WarningLevel.Yellow, w.LevelOf(Agency)); // agency: yellow 5, orange 10, red 15
    }

    [Fact]
    public void Signals_age_out_of_the_rolling_window_and_the_level_steps_back_down()
    {
        var w = Warnings();
        w.Signal(Village, WarningSignal.MissedDeadline, Day(0));
        w.Signal(Village, WarningSignal.MissedDeadline, Day(10)); // score 4: orange
        Assert.Equal(WarningLevel.Orange, w.LevelOf(Village));

        Assert.Empty(w.Tick(Day(89.9)));
        var down = Assert.Single(w.Tick(Day(90))); // the first counts for exactly 90 days
        Assert.Equal((WarningLevel.Orange, WarningLevel.Yellow, 2.0), (down.From, down.To, down.Score));
        Assert.Equal(WarningLevel.None, Assert.Single(w.Tick(Day(100))).To);
        Assert.Empty(w.UnderKeySupervision);
    }

    [Fact]
    public void Five_monitoring_detections_weigh_as_much_as_one_substantiated_clue()
    {
        var w = Warnings();
        w.Signal(Village, WarningSignal.SubstantiatedClue, Day(0));
        for (var i = 1; i <= 4; i++) Assert.Null(w.Signal(Village, WarningSignal.MonitoringDetection, Day(i)));

        Assert.Equal(WarningLevel.Yellow, w.Signal(Village, WarningSignal.MonitoringDetection, Day(5))!.To);
    }

    [Fact]
    public void Signals_out_of_time_order_are_refused()
    {
        var w = Warnings();
        w.Signal(Village, WarningSignal.SubstantiatedClue, Day(5));

        var e = Assert.Throws<ArgumentException>(() => w.Signal(Agency, WarningSignal.SubstantiatedClue, Day(4)));
        Assert.Contains("time order", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 1, 2, 3, "window")]
    [InlineData(90, 0, 2, 3, "thresholds must rise")]
    [InlineData(90, 3, 2, 4, "thresholds must rise")]
    [InlineData(90, 1, 4, 3, "thresholds must rise")]
    public void Indicators_whose_window_or_thresholds_make_no_sense_say_why(int days, double yellow, double orange, double red, string problem)
    {
        var indicators = WarningIndicators.Default(UnitType.Village) with { Window = TimeSpan.FromDays(days), Yellow = yellow, Orange = orange, Red = red };

        Assert.Contains(problem, indicators.Problem(), StringComparison.Ordinal);
        Assert.Null(WarningIndicators.Default(UnitType.CountyDivision).Problem());
    }
}
