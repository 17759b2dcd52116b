namespace MonitorSim.Domain.Operations;

/// <summary>
/// Travels with an operation and comes back with its outcome, so no lookup table is needed to correlate them.
/// Times are <see cref="System.Diagnostics.Stopwatch"/> timestamps (wall clock, comparable across processes on one host).
/// </summary>
/// <param name="Stream">Which workload stream issued it (index into the run's streams).</param>
/// <param name="Subject">The camera (or point, for service flow) the operation is for.</param>
/// <param name="Intended">When the schedule said it should start (response time is measured from here).</param>
/// <param name="Started">When it actually started (service time is measured from here).</param>
public readonly record struct OpTicket(int Stream, int Subject, long Intended, long Started);
