namespace MonitorSim.Sizing.Usl;

/// <summary>One measurement for the Universal Scalability Law: throughput <paramref name="Throughput"/> at concurrency (or
/// nodes, or load) <paramref name="N"/>.</summary>
public readonly record struct UslPoint(double N, double Throughput);
