namespace MonitorSim.Load.Scenarios;

/// <summary>A fault injected during a run: restart <paramref name="Target"/> at <paramref name="At"/> (wall time from run start), down for <paramref name="DownFor"/>.</summary>
/// <param name="PlatformId">0-based platform index; null for the city or when <paramref name="Largest"/> is set.</param>
/// <param name="Largest">Pick the platform with the most cameras when the run starts.</param>
/// <param name="Line">Line of the fault in its YAML file (0 when built in code).</param>
/// <param name="Node">For <see cref="FaultTarget.Node"/>: which node of a multi-node run is killed (2 = the first worker).</param>
public sealed record FaultDefinition(TimeSpan At, FaultTarget Target, int? PlatformId, bool Largest, TimeSpan DownFor, int Line = 0, int? Node = null);
