namespace MonitorSim.Sip.Platform;

/// <summary>A device's answer to a device-information query.</summary>
public sealed record DeviceInfoAnswer(string DeviceId, string Manufacturer, string Model, string Firmware, int Channels);
