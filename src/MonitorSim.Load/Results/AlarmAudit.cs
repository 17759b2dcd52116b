namespace MonitorSim.Load.Results;

/// <summary>Acknowledged alarms checked against the journal after the run: an alarm the city acknowledged to its camera
/// must be in its platform's journal, whatever crashed meanwhile.</summary>
/// <param name="Acknowledged">Alarms the cameras were told were recorded (warm-up included).</param>
/// <param name="InJournal">Of those, found in the journal.</param>
/// <param name="Missing">Acknowledged but not in the journal: lost.</param>
/// <param name="Note">Why no audit was possible (e.g. the memory store), or null.</param>
public sealed record AlarmAudit(long Acknowledged, long InJournal, long Missing, string? Note = null);
