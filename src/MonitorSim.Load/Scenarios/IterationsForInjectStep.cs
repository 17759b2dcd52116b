namespace MonitorSim.Load.Scenarios;

/// <summary>Open model at a rate until exactly <paramref name="Iterations"/> operations were offered (NBomber's
/// iterations_for_inject); the next step starts when the last of them is due.</summary>
public sealed record IterationsForInjectStep(double Rate, TimeSpan Interval, long Iterations, Arrivals Arrivals) : LoadStep;
