namespace MonitorSim.Domain.Monitoring;

/// <summary>An alarm still active, as kept in a platform snapshot.</summary>
/// <param name="Point">Global point index.</param>
/// <param name="RaisedTicks">Sim time it was raised, in ticks.</param>
public sealed record ActiveAlarm(long Id, int Point, long RaisedTicks);
