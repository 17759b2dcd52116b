namespace MonitorSim.Load.Results;

/// <summary>What the run's processes used in each of its phases, so that nothing a statistic excludes hides in a
/// resource figure.</summary>
/// <param name="Start">From the command's start to the first arrival: topology, tree start, recovery, cluster forming.</param>
/// <param name="WarmUp">The warm-up (excluded from every statistic).</param>
/// <param name="Measured">The measured window (what every statistic covers).</param>
/// <param name="Drain">After the last interval: answers still in flight, the other nodes' final reports, the audit.</param>
/// <param name="Calibration">The supervision year's replications of the model, run after the window; null without a year.</param>
public sealed record ResourcePhases(PhaseUsage Start, PhaseUsage WarmUp, PhaseUsage Measured, PhaseUsage Drain, PhaseUsage? Calibration);
