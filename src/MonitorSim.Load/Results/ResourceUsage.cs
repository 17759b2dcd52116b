namespace MonitorSim.Load.Results;

/// <summary>What the run cost the machine.</summary>
public sealed record ResourceUsage(double CpuS, double PeakWorkingSetMb, int Gen0, int Gen1, int Gen2, double AllocatedMb);
