using MonitorSim.Load.Results;

namespace MonitorSim.Harness.Measurement;

/// <summary>The four readings of a measured window: when it began (before any load), when its warm-up ended, when its
/// steady part ended (the last scheduled interval), and when the operations still in flight had settled.</summary>
public sealed record WindowResources(ResourceSnapshot AtStart, ResourceSnapshot AtWarmEnd, ResourceSnapshot AtEnd, ResourceSnapshot AtDrained)
{
    public Task<PhaseUsage> WarmUpAsync() => AtStart.UntilAsync(AtWarmEnd);

    /// <summary>The measured window: what every statistic of the window covers.</summary>
    public Task<PhaseUsage> MeasuredAsync() => AtWarmEnd.UntilAsync(AtEnd);

    /// <summary>After the last interval, while answers still in flight arrive (within the completion timeout) and the
    /// other nodes send their final reports.</summary>
    public Task<PhaseUsage> DrainAsync() => AtEnd.UntilAsync(AtDrained);
}
