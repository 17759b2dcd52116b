namespace MonitorSim.Load.Results;

/// <summary>What the run cost the machine over its measured window (the interval every statistic covers), with the
/// peak working set of the whole run; <see cref="Phases"/> gives every phase apart.</summary>
/// <param name="CpuS">This process's CPU time over the measured window.</param>
/// <param name="PeakWorkingSetMb">This process's peak working set over the whole run (start included).</param>
/// <param name="AllocatedMb">Managed memory allocated over the measured window.</param>
public sealed record ResourceUsage(double CpuS, double PeakWorkingSetMb, int Gen0, int Gen1, int Gen2, double AllocatedMb)
{
    /// <summary>Every phase of the run apart; null where a run was not measured in phases.</summary>
    public ResourcePhases? Phases { get; init; }
}
