using MonitorSim.Load.Engine;

namespace MonitorSim.Harness.Measurement;

/// <summary>A measured window: the engine that drove it (its acknowledged alarms, generator CPU), what it measured, and
/// what the processes used over the same window.</summary>
public sealed record WindowResult(LoadEngine Engine, LoadOutcome Outcome, WindowResources Resources);
