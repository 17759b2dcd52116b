namespace MonitorSim.Load.Results;

/// <summary>Bytes the requester sent and received over its operations' exchanges (after warm-up), as the GB/T 28181
/// messages of those exchanges would put them on the wire (<see cref="MonitorSim.Domain.Operations.WireSizes"/>).</summary>
public sealed record ByteCounts(long Sent, long Received)
{
    public static ByteCounts Zero { get; } = new(0, 0);
}
