using MonitorSim.Harness.Runs;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Harness.Tests;

/// <summary>The alarm audit's bookkeeping: acknowledgements and stored alarms arrive in either order and are matched per
/// platform; only what is unmatched is kept.</summary>
public sealed class AlarmLedgerTests
{
    [Fact]
    public void An_alarm_acknowledged_then_read_from_the_journal_is_found()
    {
        var ledger = new AlarmLedger(platforms: 2, keepUnclaimedRounds: 3);
        ledger.Acknowledge(1, 42);
        Assert.True(ledger.Awaits(1));
        Assert.False(ledger.Awaits(0));

        ledger.Stored(1, 42);

        Assert.Equal((1L, 1L, 0L), (ledger.Acknowledged, ledger.Found, ledger.Awaited));
        Assert.False(ledger.Awaits(1));
    }

    [Fact]
    public void An_alarm_read_from_the_journal_before_its_acknowledgement_arrives_is_found_when_it_does()
    {
        var ledger = new AlarmLedger(platforms: 1, keepUnclaimedRounds: 3);
        ledger.Stored(0, 7);
        ledger.EndRound();
        Assert.Equal(1, ledger.Unclaimed);

        ledger.Acknowledge(0, 7);

        Assert.Equal((1L, 0L, 0), (ledger.Found, ledger.Awaited, ledger.Unclaimed));
    }

    [Fact]
    public void An_acknowledged_alarm_its_platform_never_stored_stays_awaited_however_much_else_is_read()
    {
        var ledger = new AlarmLedger(platforms: 2, keepUnclaimedRounds: 3);
        ledger.Acknowledge(0, 1);
        ledger.Acknowledge(0, 2);
        // The same id stored by another platform is another alarm.
        ledger.Stored(1, 2);
        ledger.Stored(0, 1);
        for (var round = 0; round < 10; round++) ledger.EndRound();

        Assert.Equal((2L, 1L, 1L), (ledger.Acknowledged, ledger.Found, ledger.Awaited));
        Assert.True(ledger.Awaits(0));
    }

    [Fact]
    public void An_alarm_stored_but_never_acknowledged_is_forgotten_after_the_rounds_it_is_kept()
    {
        var ledger = new AlarmLedger(platforms: 1, keepUnclaimedRounds: 2);
        ledger.Stored(0, 9); // the camera gave up before the answer came
        ledger.EndRound();
        ledger.EndRound();
        Assert.Equal(1, ledger.Unclaimed);

        ledger.EndRound();

        Assert.Equal(0, ledger.Unclaimed);
        Assert.Equal(0L, ledger.Acknowledged);
    }

    [Fact]
    public void Matched_alarms_are_only_counted_so_the_ledger_holds_what_is_unmatched()
    {
        var ledger = new AlarmLedger(platforms: 3, keepUnclaimedRounds: 2);
        for (var id = 0; id < 10_000; id++)
        {
            ledger.Acknowledge(id % 3, id);
            ledger.Stored(id % 3, id);
        }
        ledger.Acknowledge(2, 10_001);

        Assert.Equal((10_001L, 10_000L, 1L, 0), (ledger.Acknowledged, ledger.Found, ledger.Awaited, ledger.Unclaimed));
    }

    [Fact]
    public void An_alarm_read_before_its_acknowledgement_waits_past_the_longest_operation_timeout()
    {
        // A stream with a 30-minute timeout: its camera may hear back 30 minutes after the platform recorded the alarm.
        var interval = TimeSpan.FromSeconds(30);
        var ledger = new AlarmLedger(platforms: 1, AlarmAuditor.UnclaimedRoundsFor(TimeSpan.FromMinutes(30), interval));
        ledger.Stored(0, 5);
        for (var round = 0; round < 61; round++) ledger.EndRound(); // 30.5 minutes of rounds

        ledger.Acknowledge(0, 5);

        Assert.Equal((1L, 1L, 0L), (ledger.Acknowledged, ledger.Found, ledger.Awaited));
    }

    [Fact]
    public void The_wait_for_an_acknowledgement_is_never_shorter_than_ten_minutes_of_rounds()
    {
        Assert.Equal(20, AlarmAuditor.UnclaimedRoundsFor(StreamDefinition.DefaultTimeout, TimeSpan.FromSeconds(30)));
        Assert.Equal(62, AlarmAuditor.UnclaimedRoundsFor(TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(30)));
    }
}
