namespace MonitorSim.Load.Scenarios;

/// <summary>Open model whose rate is drawn afresh, uniformly between <paramref name="Min"/> and <paramref name="Max"/>,
/// for every <paramref name="Interval"/> (NBomber's inject_random). Rates are per interval, as in <see cref="InjectStep"/>.</summary>
public sealed record InjectRandomStep(double Min, double Max, TimeSpan Interval, TimeSpan? During, Arrivals Arrivals) : LoadStep;
