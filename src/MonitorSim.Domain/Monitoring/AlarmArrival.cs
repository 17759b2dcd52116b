namespace MonitorSim.Domain.Monitoring;

/// <summary>What an alarm arriving at its platform is, by its point's sequence number (see <see cref="AlarmDeduplicator"/>).</summary>
public enum AlarmArrival : byte
{
    /// <summary>Not seen before: store it.</summary>
    New,
    /// <summary>A copy of an alarm whose storing has begun but is not yet durable: its answer comes when it is stored.</summary>
    BeingStored,
    /// <summary>A copy of an alarm already stored: answer it without storing it again.</summary>
    Stored,
}
