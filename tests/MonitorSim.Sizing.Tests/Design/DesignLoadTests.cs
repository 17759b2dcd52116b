using MonitorSim.Sizing.Design;

namespace MonitorSim.Sizing.Tests.Design;

/// <summary>The named design load: the largest of the scenario at its peak, a re-registration storm and a replayed log's
/// busiest window, × growth; and the margin a capacity leaves over it.</summary>
public sealed class DesignLoadTests
{
    private static readonly Dictionary<string, double> Base = new() { ["keepalive"] = 300, ["registration"] = 5, ["alarm"] = 50, ["service_flow"] = 14 };
    private static readonly HashSet<string> Timers = ["keepalive", "registration"];

    [Fact]
    public void The_peak_multiplies_event_driven_operations_and_leaves_device_timers_at_their_rate()
    {
        var peak = DesignLoad.Peak(Base, Timers, peakFactor: 3, scenarioLoadFactor: 1);

        Assert.Equal(300, peak.RatesPerS["keepalive"]);
        Assert.Equal(5, peak.RatesPerS["registration"]);
        Assert.Equal(150, peak.RatesPerS["alarm"]);
        Assert.Equal(42, peak.RatesPerS["service_flow"]);
        Assert.Equal(497, peak.OpsPerSecond, 9);
        Assert.Equal(DesignLoadKind.Peak, peak.Kind);
    }

    [Fact]
    public void A_storm_adds_every_camera_once_over_the_jitter_to_the_scenarios_own_rates()
    {
        // 1,240 cameras within 20 s: 62 registrations a second, on top of the 369 ops/s the city goes on offering.
        var storm = DesignLoad.Storm(Base, new StormSpec("the largest platform, xz/gulou/p01", 1240, 20, "registration"));

        Assert.Equal(5 + 62, storm.RatesPerS["registration"], 9);
        Assert.Equal(300, storm.RatesPerS["keepalive"]);
        Assert.Equal(369 + 62, storm.OpsPerSecond, 9);
        Assert.Contains("1,240 cameras of the largest platform, xz/gulou/p01 re-registering within reregister_jitter 20 s (62 registration/s)", storm.Derivation);
    }

    [Fact]
    public void A_whole_city_storm_outgrows_the_peak_and_becomes_the_design_load_times_growth()
    {
        var peak = DesignLoad.Peak(Base, Timers, 3, 1);
        var storm = DesignLoad.Storm(Base, new StormSpec("the whole city", 17_932, 20, "registration"));

        var design = DesignLoad.Of(1.5, peak, storm);

        Assert.Same(storm, design.Chosen);
        Assert.Equal((369 + 17_932 / 20.0) * 1.5, design.OpsPerSecond, 9);
        Assert.Equal((5 + 17_932 / 20.0) * 1.5, design.RatesPerS["registration"], 9);
        Assert.Equal(2.0, design.MarginOf(design.OpsPerSecond * 2), 12);
    }

    [Fact]
    public void The_peak_stays_the_design_load_when_the_storm_and_the_log_are_smaller()
    {
        var peak = DesignLoad.Peak(Base, Timers, 3, 1);
        var storm = DesignLoad.Storm(Base, new StormSpec("the largest platform", 400, 20, "registration")); // 389 ops/s
        var log = DesignLoad.Log(new LogPeak("day.csv", 1000, 10, DateTime.UnixEpoch, 4000, new Dictionary<string, double> { ["alarm"] = 400 }));

        var design = DesignLoad.Of(2, peak, storm, log);

        Assert.Same(peak, design.Chosen);
        Assert.Equal(994, design.OpsPerSecond, 9);
        Assert.Equal(3, design.Candidates.Count);
    }

    [Fact]
    public void A_log_busier_than_the_peak_is_the_design_load()
    {
        var log = DesignLoad.Log(new LogPeak("day.csv", 90_000, 10, DateTime.UnixEpoch, 8000, new Dictionary<string, double> { ["alarm"] = 700, ["keepalive"] = 100 }));

        var design = DesignLoad.Of(1, DesignLoad.Peak(Base, Timers, 3, 1), log: log);

        Assert.Equal(DesignLoadKind.Log, design.Chosen.Kind);
        Assert.Equal(800, design.OpsPerSecond);
        Assert.Contains("day.csv: the busiest 10 s of 90,000 events, 8,000 events from 1970-01-01 00:00:00Z", design.Chosen.Derivation);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void Growth_must_be_positive(double growth) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DesignLoad.Of(growth, DesignLoad.Peak(Base, Timers, 3, 1)));

    [Fact]
    public void A_peak_factor_below_one_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DesignLoad.Peak(Base, Timers, 0.5, 1));
}
