namespace MonitorSim.Load.Results;

/// <summary>One workload stream: its configured mean rate and what it actually offered.</summary>
/// <param name="Name">Stream name from the scenario (e.g. <c>keepalive</c>).</param>
/// <param name="Operation">Operation kind (e.g. <c>keepalive</c>, <c>alarm</c>).</param>
/// <param name="RatePerS">Mean offered rate after the load factor, operations per second.</param>
/// <param name="Basis">How the rate was derived, for the report (e.g. <c>17,932 cameras / 60s</c>).</param>
/// <param name="Counts">What the stream's operations came to (after warm-up).</param>
/// <param name="Latency">The stream's own response time (its whole operations, from their intended start); two streams of
/// one operation kind are merged in the operation's figures, and kept apart here. Null where not measured.</param>
/// <param name="ServiceTime">The stream's own service time (from the actual start).</param>
/// <param name="Failures">The stream's own failures by <c>operation:reason</c>.</param>
public sealed record WorkloadLine(string Name, string Operation, double RatePerS, string Basis, OperationCounts Counts,
    LatencyStats? Latency = null, LatencyStats? ServiceTime = null, IReadOnlyDictionary<string, long>? Failures = null);
