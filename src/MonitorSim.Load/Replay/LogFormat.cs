namespace MonitorSim.Load.Replay;

/// <summary>An incident log's format.</summary>
public enum LogFormat
{
    Csv,
    JsonLines,
}
