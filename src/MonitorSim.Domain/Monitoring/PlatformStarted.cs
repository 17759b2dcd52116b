namespace MonitorSim.Domain.Monitoring;

/// <summary>Event: a platform (re)started; its registration sessions are gone, so its devices went offline.</summary>
public sealed record PlatformStarted(DateTime At, int DevicesOffline);
