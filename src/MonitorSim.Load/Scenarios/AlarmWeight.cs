using MonitorSim.Domain.Operations;

namespace MonitorSim.Load.Scenarios;

/// <summary>The share of one alarm type in an alarm stream's mix; the shares of a mix sum to 1.</summary>
public sealed record AlarmWeight(AlarmType Type, double Weight);
