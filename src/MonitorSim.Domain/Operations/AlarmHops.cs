namespace MonitorSim.Domain.Operations;

/// <summary>
/// Stopwatch timestamps an alarm collects as it climbs camera → point → platform → city; each is the moment the
/// receiving hop acknowledged it (for platform: after the alarm was persisted). Zero = not reached.
/// </summary>
public readonly record struct AlarmHops(long PointAcked, long PlatformAcked, long CityAcked);
