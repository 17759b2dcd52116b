namespace MonitorSim.Cluster.Hosting;

/// <summary>The tree could not be started (e.g. a platform failed to recover from the journal).</summary>
public sealed class TreeStartException(string message) : Exception(message);
