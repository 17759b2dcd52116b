namespace MonitorSim.Load.Scenarios;

/// <summary>How injected operations are spaced: evenly (NBomber's behaviour) or with exponential gaps at the same mean rate.</summary>
public enum Arrivals
{
    /// <summary>Evenly spaced.</summary>
    Uniform,
    /// <summary>Exponential gaps; what queueing formulas assume.</summary>
    Poisson,
}
