using MonitorSim.Harness.Capacity;
using MonitorSim.Harness.Session;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Harness.Tests;

/// <summary>
/// How long an alarm stays active is the scenario's (<c>monitoring.alarm_clear_after</c>, 10 min by default), and every
/// node's platforms clear by it; a sizing trial clears alarms within seconds instead, so that a trial pays the clearances of
/// its own alarms and holds the active alarms of its own load, not those the search's earlier trials left behind.
/// </summary>
public sealed class TrialAlarmClearingTests
{
    private static ScenarioDefinition City(string monitoring = "", string clock = "") => ScenarioLoader.Parse($"""
        name: clearing
        seed: 3
        duration: 10s
        {clock}
        topology: {"{"} platforms: 2, points: 4, cameras: 20 {"}"}
        {monitoring}
        scenarios:
          - name: alarm
            operation: alarm
            load:
              - inject: {"{"} rate: 10, interval: 1s {"}"}
        """, "clearing.yaml");

    [Fact]
    public void The_platforms_clear_alarms_after_the_scenarios_clear_time_and_after_ten_minutes_without_one()
    {
        Assert.Equal(TimeSpan.FromSeconds(90), TreeSetup.Rules(City("monitoring: { alarm_clear_after: 90s }")).AlarmClearAfter);
        Assert.Equal(TimeSpan.FromMinutes(10), TreeSetup.Rules(City()).AlarmClearAfter);
    }

    [Fact]
    public void A_sizing_trial_clears_alarms_five_seconds_after_they_are_raised_whatever_else_the_scenario_keeps()
    {
        var scenario = City("monitoring: { alarm_clear_after: 10m, sweep_interval: 5s }");

        var trials = SizeJob.ClearingAlarmsWithinTrials(scenario);

        Assert.NotNull(trials);
        Assert.Equal(TimeSpan.FromSeconds(5), trials.Monitoring.AlarmClearAfter);
        Assert.Equal(scenario.Monitoring with { AlarmClearAfter = TimeSpan.FromSeconds(5) }, trials.Monitoring);
        Assert.Equal(scenario.Streams, trials.Streams);
    }

    [Fact]
    public void On_a_compressed_clock_the_trials_five_seconds_are_wall_time()
    {
        var trials = SizeJob.ClearingAlarmsWithinTrials(City(clock: "clock: { compression: 60 }"));

        Assert.Equal(TimeSpan.FromMinutes(5), trials!.Monitoring.AlarmClearAfter); // 5 wall seconds of a clock 60× faster
    }

    [Fact]
    public void A_scenario_that_clears_alarms_sooner_than_a_trial_would_is_sized_as_it_is()
    {
        Assert.Null(SizeJob.ClearingAlarmsWithinTrials(City("monitoring: { alarm_clear_after: 2s }")));
    }

    [Theory]
    [InlineData(1.41, 5.0, 1.25, 4)]   // 5 s = 4 × 1.25 s: the nearer of 1.25 and 1.667
    [InlineData(0.72, 5.0, 0.714, 7)]  // 7 bursts to the clear time
    [InlineData(9.0, 5.0, 5.0, 1)]     // a tick longer than the clear time: one burst per clear time
    [InlineData(0.05, 5.0, 0.05, 100)] // 100 bursts to the clear time
    public void A_drain_probes_bursts_come_a_whole_number_of_times_per_clear_time(double aimed, double clearAfter, double expected, int expectedBursts)
    {
        var (tick, bursts) = SizeJob.InStepWithClearances(aimed, clearAfter, minSeconds: 0.05, maxSeconds: 10);

        Assert.Equal(expected, tick, 3);
        Assert.Equal(expectedBursts, bursts);
        Assert.Equal(clearAfter, bursts!.Value * tick, 9); // burst k's clearances arrive with burst k + n
    }

    [Fact]
    public void A_drain_probes_tick_stays_aimed_where_no_tick_in_step_fits_its_bounds()
    {
        Assert.Equal((4.0, null), SizeJob.InStepWithClearances(4.0, clearAfterSeconds: 5, minSeconds: 3, maxSeconds: 4.5)); // 5 s and 2.5 s both outside
        Assert.Equal((0.8, null), SizeJob.InStepWithClearances(0.8, clearAfterSeconds: 0, minSeconds: 0.05, maxSeconds: 4));  // no clear time
    }
}
