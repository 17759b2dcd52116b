namespace MonitorSim.Load.Scenarios;

/// <summary>An injection whose rate moves linearly from the previous step's rate (0 if none) to <paramref name="Rate"/>; fields as in <see cref="InjectStep"/>.</summary>
public sealed record RampingInjectStep(double Rate, TimeSpan Interval, TimeSpan? During, Population? Per, Arrivals Arrivals) : LoadStep;
