namespace MonitorSim.Load.Scenarios;

/// <summary>Every member of <paramref name="Per"/> once per <paramref name="Every"/> (sim time), each on its own phase.</summary>
/// <param name="During">Wall time the step lasts; null = to the end of the run.</param>
public sealed record PeriodicStep(TimeSpan Every, Population Per, TimeSpan? During) : LoadStep;
