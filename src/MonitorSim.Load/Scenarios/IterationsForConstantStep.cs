namespace MonitorSim.Load.Scenarios;

/// <summary>Closed model until exactly <paramref name="Iterations"/> operations were started (NBomber's
/// iterations_for_constant): <paramref name="Copies"/> callers each start the next operation when their previous one is
/// answered. When it ends depends on how fast the system answers, so it is always a stream's last step.</summary>
public sealed record IterationsForConstantStep(int Copies, long Iterations) : LoadStep;
