namespace MonitorSim.Domain.Monitoring;

/// <summary>Event: the alarm's condition ended (staff back, queue drained, video restored).</summary>
public sealed record AlarmCleared(long AlarmId, DateTime At);
