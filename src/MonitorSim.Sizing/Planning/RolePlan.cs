namespace MonitorSim.Sizing.Planning;

/// <summary>Cores and nodes one role needs at production load and the target utilisation.</summary>
/// <param name="BusyCores">Cores busy at production load: overhead + λ·D.</param>
/// <param name="Cores">Whole cores so that busy cores / cores ≤ the target utilisation.</param>
/// <param name="Nodes">Nodes of the planned size (cores per node) to hold them.</param>
/// <param name="Utilisation">Busy cores / cores: at or just below the target.</param>
public sealed record RolePlan(string Role, double DemandSeconds, double OverheadCores, double OpsPerSecond, double BusyCores, int Cores, int Nodes, double Utilisation);
