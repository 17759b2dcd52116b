namespace MonitorSim.Load.Replay;

/// <summary>The file is not an incident log at all (unreadable, no header, a header missing a required column): nothing of
/// it can be replayed. The message names the file, line and field.</summary>
public sealed class LogFormatException(string message) : Exception(message);
