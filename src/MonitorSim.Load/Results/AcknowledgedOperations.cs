using System.Collections.Concurrent;

namespace MonitorSim.Load.Results;

/// <summary>
/// What the tree acknowledged during a run, warm-up included, each with the id it was stored under: the end-of-run
/// audits look every one of them up in the journal, so an acknowledged operation that was lost shows.
/// </summary>
public sealed class AcknowledgedOperations
{
    /// <summary>Every alarm the tree acknowledged (the city recorded it): the camera and the alarm's stored id.</summary>
    public ConcurrentQueue<(int Camera, long AlarmId)> Alarms { get; } = new();

    /// <summary>Every clue filing, clue listing and co-handled request the tree acknowledged (this node's and, on the
    /// coordinator, every worker's).</summary>
    public ConcurrentQueue<StoredAcknowledgement> Supervision { get; } = new();
}
