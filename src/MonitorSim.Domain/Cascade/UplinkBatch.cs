namespace MonitorSim.Domain.Cascade;

/// <summary>One batch of a <see cref="ReliableUplink{TItem,TSummary}"/>: its sequence number (the upper side acknowledges
/// it by this number), the items it carries (possibly none) and the sender's summary as it is when the batch goes.</summary>
public sealed record UplinkBatch<TItem, TSummary>(long Seq, IReadOnlyList<TItem> Items, TSummary Summary);
