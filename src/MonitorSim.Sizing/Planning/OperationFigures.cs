namespace MonitorSim.Sizing.Planning;

/// <summary>One operation's figures over a load step's steady window: rates per second, response-time percentiles in ms,
/// and the wire bytes one completed operation puts on the network.</summary>
public sealed record OperationFigures(
    double OfferedPerSecond,
    double CompletedPerSecond,
    double FailedPerSecond,
    double MeanMs,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double P999Ms,
    double BytesPerOperation);
