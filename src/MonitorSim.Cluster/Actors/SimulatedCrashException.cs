namespace MonitorSim.Cluster.Actors;

/// <summary>Thrown by an actor told to crash, so that its supervisor restarts it exactly as after a real fault.</summary>
public sealed class SimulatedCrashException(string who) : Exception($"{who}: simulated crash (fault injection)");
