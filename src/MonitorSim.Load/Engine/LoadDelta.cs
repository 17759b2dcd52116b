namespace MonitorSim.Load.Engine;

/// <summary>
/// What one worker node's load generator has measured, sent to the coordinator four times a second and once more when it
/// has finished. Counters are cumulative (the coordinator adds the difference from the last report it saw, so a report
/// lost with its node costs at most that quarter second); latency samples are those since the last report.
/// </summary>
/// <param name="Node">The worker's cluster address.</param>
/// <param name="Final">The worker has finished: every operation it started is answered or counted as timed out.</param>
/// <param name="Streams">Per stream, in plan order: <see cref="StreamCounter"/> values, then each composite step's count.</param>
/// <param name="Operations">Per operation name, in the engine's order: its counters (<see cref="Measurement.OperationMetrics.Counters"/>).</param>
/// <param name="Latency">Samples since the last report, per recorder in <see cref="Measurement.RunMeasurement"/>'s fixed order, each as
/// warm-up then measured, encoded by <see cref="Measurement.LatencyRecorder"/>.</param>
/// <param name="Failures">Failed operations by stream and reason (<c>stream index|operation:reason</c>), cumulative.</param>
/// <param name="Acknowledged">Alarms the city recorded since the last report, as (camera, alarm id) pairs.</param>
/// <param name="Resent">Alarm copies cameras re-sent, cumulative.</param>
/// <param name="GeneratorCpuSeconds">In the final report: CPU seconds the worker's generator thread spent in the measured
/// window, warm-up end to end (<see cref="LoadEngine.GeneratorCpuSeconds"/>); null before, or where it cannot be read.</param>
public sealed record LoadDelta(
    string Node,
    bool Final,
    long[][] Streams,
    long[][] Operations,
    byte[][] Latency,
    Dictionary<string, long> Failures,
    long[] Acknowledged,
    long Resent,
    double? GeneratorCpuSeconds = null)
{
    /// <summary>Clue filings, clue listings and co-handled requests the tree acknowledged since the last report, with the
    /// ids they were stored under (resolved on the worker: each node's port names its own).</summary>
    public Results.StoredAcknowledgement[] AcknowledgedSupervision { get; init; } = [];

    /// <summary>In the final report of a generator that issued in bursts (a drain probe): its measured window's bursts,
    /// each numbered by its tick of the agreed start, so the coordinator can time each burst across the nodes
    /// (<see cref="BurstDrain.InStep"/>); empty otherwise.</summary>
    public BurstDrain[] Bursts { get; init; } = [];
}

/// <summary>The per-stream values of a <see cref="LoadDelta"/>, in order. The last two are gauges (now), not counts.</summary>
public enum StreamCounter
{
    Offered,
    OfferedWarm,
    Dropped,
    DroppedWarm,
    Completed,
    Failed,
    TimedOut,
    InFlight,
    InFlightMeasured,
}
