namespace MonitorSim.Sizing.Planning;

/// <summary>What running the tree on <paramref name="Nodes"/> nodes costs per operation, measured at the node axis's
/// reference load (the same offered load at every node count, so the only difference is how far the tree is spread).</summary>
/// <param name="Step">The step of this node count's series at the reference load factor.</param>
/// <param name="TreeBusyCores">Cores the tree kept busy over the step's steady window, summed over every node's process
/// (the load generators' threads left out).</param>
/// <param name="DemandSeconds">D(n): tree CPU seconds per completed operation (busy cores / throughput).</param>
/// <param name="Efficiency">D at the fewest nodes measured over D(n): 1 when spreading the tree costs nothing more per
/// operation, 0.5 when every operation costs twice the CPU.</param>
public sealed record NodeCountCost(int Nodes, int Step, double LoadFactor, double CompletedPerSecond, double TreeBusyCores, double DemandSeconds,
    double Efficiency);

/// <summary>Operations per second a cluster of <paramref name="Nodes"/> production nodes carries at the target utilisation.</summary>
/// <param name="Measured">Its D(n) was measured (true) or comes from the USL fitted over node counts (false).</param>
public sealed record NodeCapacity(int Nodes, double DemandSeconds, double OpsPerSecond, bool Measured);

/// <summary>The node axis's built-in validation: one node count left out of the USL fit, its D(n) predicted and measured.</summary>
public sealed record NodeHeldOut(int Nodes, double MeasuredDemandSeconds, double PredictedDemandSeconds)
{
    /// <summary>|predicted − measured| / measured D(n); the same as the error of the capacity it implies, relative to the
    /// predicted capacity.</summary>
    public double Error => HeldOutCheck.RelativeError(PredictedDemandSeconds, MeasuredDemandSeconds);
}
