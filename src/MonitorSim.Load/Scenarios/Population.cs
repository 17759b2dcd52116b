namespace MonitorSim.Load.Scenarios;

/// <summary>Which tree elements a per-member load step counts over.</summary>
public enum Population
{
    /// <summary>Every camera.</summary>
    Camera,
    /// <summary>Every service point.</summary>
    Point,
    /// <summary>Every second-level platform.</summary>
    Platform,
}
