using MonitorSim.Domain.Operations;

namespace MonitorSim.Domain.Monitoring;

/// <summary>Event: an alarm from a camera was recorded at its platform.</summary>
/// <param name="Camera">Global camera index.</param>
/// <param name="Point">Global point index.</param>
/// <param name="PointSeq">The point's own number for the alarm, so that a resent alarm is recognised and stored once.</param>
public sealed record AlarmRaised(long AlarmId, int Camera, int Point, AlarmType Type, DateTime At, long PointSeq = 0);
