namespace MonitorSim.Load.Results;

/// <summary>Counts of the modelled tree, and a fingerprint of its ids and names (same seed → same fingerprint).</summary>
public sealed record TopologySummary(
    int Platforms,
    int Points,
    int Cameras,
    int CoHandlingCentres,
    int CoHandlingPosts,
    int Divisions,
    string Fingerprint,
    double BuildMs,
    double StartMs);
