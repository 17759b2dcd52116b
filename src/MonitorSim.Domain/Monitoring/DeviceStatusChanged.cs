namespace MonitorSim.Domain.Monitoring;

/// <summary>Event: devices of a platform went online or offline (one event may carry a sweep's worth).</summary>
/// <param name="Changes">A plain array on purpose: the journal's serializer must be able to rebuild the exact type.</param>
public sealed record DeviceStatusChanged(StatusChange[] Changes);
