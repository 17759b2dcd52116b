using System.Diagnostics;
using MonitorSim.Domain.Cascade;

namespace MonitorSim.Domain.Tests.Cascade;

/// <summary>A lower platform reporting alarms (here: their names) and its roll-up (here: its active-alarm count) up the cascade.</summary>
public sealed class ReliableUplinkTests
{
    private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(2);

    /// <summary>A Stopwatch timestamp <paramref name="seconds"/> after an arbitrary origin.</summary>
    private static long At(double seconds) => (long)(seconds * Stopwatch.Frequency);

    private static string Describe(UplinkBatch<string, int> batch) => $"#{batch.Seq} [{string.Join(", ", batch.Items)}] roll-up {batch.Summary}";

    private static ReliableUplink<string, int> Connected(int maxBatch = 500)
    {
        var uplink = new ReliableUplink<string, int>(maxBatch, AckTimeout, knownSummary: 0);
        Assert.Null(uplink.Open(At(0), 0));
        return uplink;
    }

    [Fact]
    public void Alarms_go_up_one_batch_at_a_time_and_those_raised_meanwhile_go_together_in_the_next()
    {
        var uplink = Connected();
        uplink.Enqueue("a");
        var first = uplink.Flush(At(0), 1)!;
        uplink.Enqueue("b");
        uplink.Enqueue("c");

        Assert.Null(uplink.Flush(At(0.1), 3)); // the first is not acknowledged yet
        Assert.Equal("#1 [a] roll-up 1", Describe(first));
        Assert.Equal(["a"], uplink.Acknowledge(1)!);
        var second = uplink.Flush(At(0.2), 3)!;
        Assert.Equal("#2 [b, c] roll-up 3", Describe(second));
    }

    [Fact]
    public void Nothing_goes_up_before_the_platform_has_registered_with_the_one_above()
    {
        var uplink = new ReliableUplink<string, int>(500, AckTimeout, 0);
        uplink.Enqueue("a");

        Assert.Null(uplink.Flush(At(0), 1, summaryAlone: true));
        Assert.False(uplink.IsOpen);
        Assert.Null(uplink.Open(At(1), 1)); // nothing was in flight
        Assert.Equal(["a"], uplink.Flush(At(1), 1)!.Items);
    }

    [Fact]
    public void A_batch_whose_acknowledgment_was_lost_goes_again_with_the_same_number_and_the_current_roll_up()
    {
        var uplink = Connected();
        uplink.Enqueue("a");
        uplink.Flush(At(0), 1);

        Assert.Null(uplink.ResendIfOverdue(At(1.9), 1));
        var again = uplink.ResendIfOverdue(At(2.1), 4)!;
        Assert.Equal("#1 [a] roll-up 4", Describe(again));
        // The wait starts over from the resend.
        Assert.Null(uplink.ResendIfOverdue(At(4.0), 4));
        Assert.Equal(1L, uplink.ResendIfOverdue(At(4.2), 4)!.Seq);

        Assert.Equal(["a"], uplink.Acknowledge(1)!);
        Assert.Null(uplink.ResendIfOverdue(At(10), 4));
    }

    [Fact]
    public void A_duplicate_acknowledgment_of_a_resent_batch_is_ignored()
    {
        var uplink = Connected();
        uplink.Enqueue("a");
        uplink.Flush(At(0), 1);
        uplink.ResendIfOverdue(At(2.5), 1); // the city was slow: batch 1 went twice and both copies are acknowledged
        Assert.Equal(["a"], uplink.Acknowledge(1)!);
        uplink.Enqueue("b");
        uplink.Flush(At(2.6), 2);

        Assert.Null(uplink.Acknowledge(1)); // the second acknowledgment of batch 1
        Assert.Equal(1, uplink.InFlight);    // batch 2 still awaits its own
        Assert.Null(uplink.Flush(At(2.7), 2));
        Assert.Equal(["b"], uplink.Acknowledge(2)!);
        Assert.Null(uplink.Acknowledge(2));
    }

    [Fact]
    public void After_a_reconnect_everything_unacknowledged_goes_again_in_order()
    {
        var uplink = Connected();
        uplink.Enqueue("a");
        uplink.Flush(At(0), 1);
        uplink.Enqueue("b");
        uplink.Enqueue("c");

        // The city restarted and lost the session: told so, the platform registers again; meanwhile another alarm.
        uplink.Close();
        uplink.Enqueue("d");
        Assert.Null(uplink.Flush(At(0.5), 4));
        var sent = new List<UplinkBatch<string, int>> { uplink.Open(At(0.6), 4)! };
        uplink.Acknowledge(sent[^1].Seq);
        sent.Add(uplink.Flush(At(0.7), 4)!);

        Assert.Equal(["a", "b", "c", "d"], sent.SelectMany(b => b.Items));
        Assert.Equal([1L, 2L], sent.Select(b => b.Seq));
        Assert.True(uplink.IsOpen);
        Assert.Equal((0, 3), (uplink.Waiting, uplink.InFlight));
    }

    [Fact]
    public void A_batch_carries_at_most_the_batch_size_oldest_first()
    {
        var uplink = Connected(maxBatch: 2);
        foreach (var a in new[] { "a", "b", "c", "d", "e" }) uplink.Enqueue(a);
        var batches = new List<string[]>();
        while (uplink.Flush(At(0), 0) is { } batch)
        {
            batches.Add([.. batch.Items]);
            uplink.Acknowledge(batch.Seq);
        }

        Assert.Equal([["a", "b"], ["c", "d"], ["e"]], batches);
    }

    [Fact]
    public void The_roll_up_goes_alone_only_when_it_changed_since_the_last_report_or_is_owed()
    {
        var uplink = Connected();

        Assert.Null(uplink.Flush(At(0), 0, summaryAlone: true)); // the city knows 0 already
        Assert.Null(uplink.Flush(At(0), 3));                     // only a flush that may send the roll-up alone does
        var changed = uplink.Flush(At(0), 3, summaryAlone: true)!;
        Assert.Equal("#1 [] roll-up 3", Describe(changed));
        uplink.Acknowledge(1);
        Assert.Null(uplink.Flush(At(1), 3, summaryAlone: true));

        // The city pulled the catalog again: its view is rebuilt from the catalog, so the roll-up follows it.
        uplink.OweSummary();
        Assert.Equal(3, uplink.Flush(At(2), 3, summaryAlone: true)!.Summary);
        uplink.Acknowledge(2);
        Assert.Null(uplink.Flush(At(3), 3, summaryAlone: true));
    }

    [Fact]
    public void The_answer_path_of_an_alarm_waiting_or_in_flight_can_be_changed_and_the_acknowledgment_returns_the_change()
    {
        var uplink = Connected();
        uplink.Enqueue("a→camera");
        uplink.Flush(At(0), 1);
        uplink.Enqueue("b→camera");

        Assert.True(uplink.Update(x => x.StartsWith('a'), _ => "a→copy"));
        Assert.True(uplink.Update(x => x.StartsWith('b'), _ => "b→copy"));
        Assert.False(uplink.Update(x => x.StartsWith('z'), _ => "z"));

        Assert.Equal(["a→copy"], uplink.Acknowledge(1)!);
        Assert.Equal(["b→copy"], uplink.Flush(At(1), 1)!.Items);
    }

    [Fact]
    public void A_batch_of_no_items_is_refused_as_a_size()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ReliableUplink<string, int>(0, AckTimeout, 0));
        Assert.Equal("maxBatch", error.ParamName);
    }
}
