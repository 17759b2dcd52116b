using System.Collections.Concurrent;

namespace MonitorSim.Load.Measurement;

/// <summary>
/// One stream's figures: its counts, its operations' response and service times, and its failures by reason. Two streams
/// of one operation kind (a morning-peak alarm stream beside the ordinary one) are merged in the operation's figures;
/// here each keeps its own. A stream that is its operation's only one shares the operation's recorders (the same
/// samples, not recorded twice).
/// </summary>
internal sealed class StreamMetrics(int steps, OperationMetrics? sole)
{
    public StreamCounters Counters { get; } = new(steps);

    /// <summary>Response time (from the intended start) of the stream's whole operations.</summary>
    public LatencyRecorder Response { get; } = sole?.Response ?? new LatencyRecorder();

    /// <summary>Service time (from the actual start) of the stream's whole operations.</summary>
    public LatencyRecorder Service { get; } = sole?.Service ?? new LatencyRecorder();

    /// <summary>Whether <see cref="Response"/> and <see cref="Service"/> are the operation's own (nothing to record twice).</summary>
    public bool SharesRecorders { get; } = sole is not null;

    /// <summary>Measured failures by <c>operation:reason</c>.</summary>
    public ConcurrentDictionary<string, long> Failures { get; } = new();

    /// <summary>Records a whole operation's response and service time, unless the operation's recorders already hold it.</summary>
    public void Record(long responseTicks, long serviceTicks, bool warm)
    {
        if (SharesRecorders) return;
        Response.Record(responseTicks, warm);
        Service.Record(serviceTicks, warm);
    }
}
