namespace MonitorSim.Load.Scenarios;

/// <summary>No operations from this stream for <paramref name="During"/> (wall time).</summary>
public sealed record PauseStep(TimeSpan During) : LoadStep;
