namespace MonitorSim.Harness;

/// <summary>One trial of a sizing search as it stands: which configuration, at what load, and whether it held.</summary>
/// <param name="Number">1-based, in the order trials ran.</param>
/// <param name="Configuration">What was measured, e.g. "1 node × 0.4 cores" or "1 node, 1.5 cores".</param>
/// <param name="LoadFactor">The multiple of the scenario's rates the trial offers.</param>
/// <param name="OfferedPerSecond">Operations per second the trial offers.</param>
/// <param name="Passed">Whether every SLO threshold held; null while the trial runs.</param>
/// <param name="Broken">The thresholds that broke (empty when it passed or runs).</param>
/// <param name="PassedBelow">The search's bracket after this trial: the highest load that passed every repeat so far.</param>
/// <param name="FailedAbove">The lowest load that failed so far (null: none yet).</param>
public sealed record TrialProgress(
    int Number,
    string Configuration,
    double LoadFactor,
    double OfferedPerSecond,
    bool? Passed,
    IReadOnlyList<string> Broken,
    double? PassedBelow,
    double? FailedAbove);
