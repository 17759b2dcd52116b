namespace MonitorSim.Sizing.Prediction;

/// <summary>What a prediction needs of one measured trial.</summary>
/// <param name="BusyCores">CPU seconds per wall second of what runs on the cores the prediction is about.</param>
/// <param name="P99Ms">The SLO operation's percentile (the SLO's own, e.g. p99) in the trial; NaN when it had none.</param>
/// <param name="HeldSlo">Whether every SLO threshold held in the trial: only those below the capacity are fitted.</param>
/// <param name="MeanMs">The SLO operation's mean latency in the trial (NaN: not measured): the queue's time scale is fitted
/// on the light trials' means, far steadier from one window to the next than their tails.</param>
/// <param name="PausedShare">Share of the trial's wall time the process was paused by its collector (NaN: not measured,
/// as on several nodes).</param>
/// <param name="CollectionsPerSecond">Collections per second in the trial (NaN: not measured).</param>
public sealed record TrialPoint(int Number, double LoadFactor, double CompletedPerSecond, double BusyCores, double P99Ms, bool HeldSlo,
    double MeanMs = double.NaN, double PausedShare = double.NaN, double CollectionsPerSecond = double.NaN);

/// <summary>A latency SLO on a percentile of one operation, e.g. <c>alarm.p99 &lt; 250ms</c>: operation alarm, percentile 0.99,
/// limit 250 ms.</summary>
public sealed record PercentileSlo(string Operation, double Percentile, double LimitMs);
