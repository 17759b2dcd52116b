namespace MonitorSim.Domain.Operations;

/// <summary>
/// Travels with an operation and comes back with its outcome, so no lookup table is needed to correlate them.
/// Times are <see cref="System.Diagnostics.Stopwatch"/> timestamps (wall clock, comparable across processes on one host).
/// </summary>
/// <param name="Stream">Which workload stream issued it (index into the run's streams).</param>
/// <param name="Subject">The camera (or point, for service flow) the operation is for.</param>
/// <param name="Intended">When the schedule said it should start (response time is measured from here).</param>
/// <param name="Started">When it actually started (service time is measured from here).</param>
/// <param name="Step">For a composite operation, which of its steps this is (0 for the first and for plain operations).</param>
/// <param name="StepStarted">When this step started (0 for the first step, which starts at <paramref name="Started"/>).</param>
public readonly record struct OpTicket(int Stream, int Subject, long Intended, long Started, int Step = 0, long StepStarted = 0);
