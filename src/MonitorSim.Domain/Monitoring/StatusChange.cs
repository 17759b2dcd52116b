namespace MonitorSim.Domain.Monitoring;

/// <summary>A device went online or offline; this is the event platforms persist (keepalives themselves are not).</summary>
/// <param name="Device">Index of the device within its platform.</param>
public readonly record struct StatusChange(int Device, bool Online, StatusReason Reason, DateTime At);
