using System.Diagnostics;
using MonitorSim.Domain.Cascade;

namespace MonitorSim.Domain.Tests.Cascade;

public sealed class UplinkInboxTests
{
    [Fact]
    public void A_batch_sent_again_is_recorded_once()
    {
        var inbox = new UplinkInbox();

        Assert.True(inbox.Record(1));
        Assert.False(inbox.Record(1));
        Assert.True(inbox.Record(2));
        Assert.False(inbox.Record(1)); // a late copy of an older batch
        Assert.Equal(2, inbox.LastRecorded);
    }

    [Fact]
    public void An_alarm_whose_acknowledgment_was_lost_is_recorded_above_once_and_its_platform_hears_back_once()
    {
        var uplink = new ReliableUplink<string, int>(500, TimeSpan.FromSeconds(2), 0);
        uplink.Open(0, 0);
        var inbox = new UplinkInbox();
        var recorded = new List<string>();
        var delivered = new List<string>();

        uplink.Enqueue("alarm 1");
        var batch = uplink.Flush(0, 1)!;
        if (inbox.Record(batch.Seq)) recorded.AddRange(batch.Items);
        // The acknowledgment is lost; the batch goes again after the timeout, is acknowledged twice (late first ack too).
        var again = uplink.ResendIfOverdue(3 * Stopwatch.Frequency, 1)!;
        if (inbox.Record(again.Seq)) recorded.AddRange(again.Items);
        foreach (var ack in new[] { again.Seq, batch.Seq })
            if (uplink.Acknowledge(ack) is { } items) delivered.AddRange(items);

        Assert.Equal(["alarm 1"], recorded);
        Assert.Equal(["alarm 1"], delivered);
    }
}
