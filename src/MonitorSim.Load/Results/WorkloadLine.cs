namespace MonitorSim.Load.Results;

/// <summary>One workload stream: its configured mean rate and what it actually offered.</summary>
/// <param name="Name">Stream name from the scenario (e.g. <c>keepalive</c>).</param>
/// <param name="Operation">Operation kind (e.g. <c>keepalive</c>, <c>alarm</c>).</param>
/// <param name="RatePerS">Mean offered rate after the load factor, operations per second.</param>
/// <param name="Basis">How the rate was derived, for the report (e.g. <c>17,932 cameras / 60s</c>).</param>
public sealed record WorkloadLine(string Name, string Operation, double RatePerS, string Basis, OperationCounts Counts);
