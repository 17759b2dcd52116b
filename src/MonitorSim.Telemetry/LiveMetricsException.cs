namespace MonitorSim.Telemetry;

/// <summary>A live-metrics endpoint could not be started (e.g. the Prometheus port is taken).</summary>
public sealed class LiveMetricsException(string message, Exception? inner = null) : Exception(message, inner);
