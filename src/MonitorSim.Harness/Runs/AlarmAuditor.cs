using MonitorSim.Cluster.Hosting;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Results;

namespace MonitorSim.Harness.Runs;

/// <summary>Every alarm acknowledged to its camera must be in its platform's journal: reads the journal back and counts.</summary>
public static class AlarmAuditor
{
    /// <summary>The audit not done because the run's store takes no writes (the run failed): reading it back would wait
    /// for nothing or fail.</summary>
    public static AlarmAudit? NotDone(int acknowledged, string why, List<string> events)
    {
        if (acknowledged == 0) return null;
        events.Add($"alarm audit: not done, {why}");
        return new AlarmAudit(acknowledged, 0, 0, $"not done: {why}");
    }

    /// <param name="acknowledged">The alarms the cameras were told were recorded: camera and alarm id.</param>
    /// <param name="events">Where the verdict is written for the report.</param>
    public static async Task<AlarmAudit?> AuditAsync(TreeNode node, CityTopology topology, IReadOnlyCollection<(int Camera, long AlarmId)> acknowledged,
        List<string> events)
    {
        if (acknowledged.Count == 0) return null;
        Dictionary<int, HashSet<long>>? stored;
        try
        {
            using var timeout = new CancellationTokenSource(AuditDeadline.For(acknowledged.Count));
            stored = await node.StoredAlarmIdsAsync(timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            events.Add($"alarm audit: the journal could not be read back in time ({e.Message})");
            return new AlarmAudit(acknowledged.Count, 0, 0, "the journal could not be read back in time");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The read goes through the store's own driver (Npgsql, SQLite), whose failures have types of their own: a
            // store that cannot be read leaves the audit undone; the run still writes its reports.
            events.Add($"alarm audit: the journal could not be read back ({e.GetType().Name}: {e.Message})");
            return new AlarmAudit(acknowledged.Count, 0, 0, "the journal could not be read back");
        }
        if (stored is null)
            return new AlarmAudit(acknowledged.Count, 0, 0, "memory store: nothing outlives the processes, so there is nothing to read back");
        long found = 0;
        foreach (var (camera, id) in acknowledged)
            if (stored.TryGetValue(topology.PlatformOf(new CameraId(camera)).Value, out var ids) && ids.Contains(id)) found++;
        var missing = acknowledged.Count - found;
        events.Add(missing == 0
            ? $"alarm audit: all {acknowledged.Count:N0} acknowledged alarms are in the journal"
            : $"alarm audit: {missing:N0} of {acknowledged.Count:N0} acknowledged alarms are NOT in the journal");
        return new AlarmAudit(acknowledged.Count, found, missing);
    }
}
