namespace MonitorSim.Domain.Cascade;

/// <summary>
/// The receiving end of a <see cref="ReliableUplink{TItem,TSummary}"/>, one per session with a lower platform: records a
/// batch the first time its number arrives, and knows a batch sent again (its acknowledgment was lost, or it waited too
/// long) as already recorded — the receiver acknowledges both, and records the first only. A sender numbers its batches
/// afresh when it restarts, and it registers again when it does, so a new session starts with a new inbox.
/// </summary>
public sealed class UplinkInbox
{
    /// <summary>The number of the newest batch recorded (0 before the first).</summary>
    public long LastRecorded { get; private set; }

    /// <summary>True if batch <paramref name="seq"/> is new (record it); false if it was recorded already.</summary>
    public bool Record(long seq)
    {
        if (seq <= LastRecorded) return false;
        LastRecorded = seq;
        return true;
    }
}
