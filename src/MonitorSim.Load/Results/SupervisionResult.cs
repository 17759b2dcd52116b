using MonitorSim.Domain.Supervision;

namespace MonitorSim.Load.Results;

/// <summary>
/// The simulated supervision year of a run: how the desk ran it on the cluster (days, commands, events persisted, how fast,
/// how long each kind of command took), what the journal holds of it (the year's figures, read back by tag), what the
/// model expected, and the seed's figures beside prediction intervals from replications of the model (<see cref="Calibration"/>).
/// </summary>
public sealed record SupervisionResult(
    string RunKey,
    DateTime YearStart,
    int Days,
    int ResumedAtDay,
    bool Completed,
    double WallS,
    long Commands,
    long Events,
    long AlreadyApplied,
    long Retries,
    SupervisionFigures Journal,
    SupervisionFigures Model,
    IReadOnlyList<CalibrationRow> Calibration,
    IReadOnlyDictionary<string, LatencyStats> CommandLatency,
    IReadOnlyList<string> Problems)
{
    /// <summary>Workflow events persisted per wall second while the desk ran.</summary>
    public double EventsPerSecond => WallS > 0 ? Events / WallS : 0;

    /// <summary>How many seeded replications of the model <see cref="Calibration"/> summarises.</summary>
    public int Replications { get; init; }

    /// <summary>Which seed figures the parameters were derived from, and how (the calibration check's rows hold by
    /// construction; the held-out rows do not).</summary>
    public IReadOnlyList<DerivationRow> Derivation { get; init; } = [];

    /// <summary>Whether <see cref="Journal"/> was read back from the store (false on the memory store: then it is the model's).</summary>
    public bool FromJournal { get; init; }

    /// <summary>The whole year is in the journal, exactly as the model decided it, and nothing went wrong on the way.</summary>
    public bool Consistent => Completed && FromJournal && Problems.Count == 0;
}
