namespace MonitorSim.Load.Scenarios;

/// <summary>Closed model: <paramref name="Copies"/> callers each start the next operation as soon as their previous one is
/// answered (NBomber's keep_constant). The load follows the system's speed instead of a schedule.</summary>
public sealed record KeepConstantStep(int Copies, TimeSpan? During) : LoadStep;
