namespace MonitorSim.Load.Scenarios;

/// <summary>An open-model injection at a constant rate.</summary>
/// <param name="Rate">Operations per <paramref name="Interval"/>; per member of <paramref name="Per"/> when it is set.</param>
/// <param name="Interval">Wall time without <paramref name="Per"/> (NBomber-style); sim time with it (a domain rate).</param>
/// <param name="During">Wall time the step lasts; null = to the end of the run.</param>
/// <param name="Per">The population a domain rate counts over; null for a plain wall rate.</param>
public sealed record InjectStep(double Rate, TimeSpan Interval, TimeSpan? During, Population? Per, Arrivals Arrivals) : LoadStep;
