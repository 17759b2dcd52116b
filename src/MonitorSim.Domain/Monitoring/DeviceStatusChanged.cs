namespace MonitorSim.Domain.Monitoring;

/// <summary>Event: devices of a platform went online or offline (one event may carry a sweep's worth).</summary>
public sealed record DeviceStatusChanged(IReadOnlyList<StatusChange> Changes);
