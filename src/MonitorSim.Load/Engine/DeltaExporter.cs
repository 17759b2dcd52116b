using MonitorSim.Load.Measurement;
using MonitorSim.Load.Results;

namespace MonitorSim.Load.Engine;

/// <summary>A worker's side of a multi-node run: reads its measurement into reports for the coordinator (cumulative
/// counters, and the latency samples since the last report).</summary>
internal sealed class DeltaExporter(RunMeasurement measurement, AcknowledgedOperations acknowledged, Func<long> resent,
    Func<double?> generatorCpuSeconds, Func<IReadOnlyList<BurstDrain>> measuredBursts)
{
    private const int MaxAcknowledgedPerReport = 20_000;

    /// <summary>Supervision acknowledgements carry a string id and are written with their type: fewer fit in a frame
    /// (at most about 100 bytes each, so 5,000 stay under half of the 1 MB frame beside 20,000 alarms' 320 KB).</summary>
    private const int MaxSupervisionPerReport = 5_000;

    /// <summary>The worker's last reports: as many as it takes to carry every acknowledgement still queued (the answers
    /// that came in while it settled can be more than one report carries), the final one last. The coordinator stops
    /// listening at the final report, so what did not fit in it would never be audited.</summary>
    public IEnumerable<LoadDelta> TakeFinal(string node)
    {
        while (acknowledged.Alarms.Count > MaxAcknowledgedPerReport || acknowledged.Supervision.Count > MaxSupervisionPerReport)
            yield return Take(node, false);
        yield return Take(node, true);
    }

    public LoadDelta Take(string node, bool final)
    {
        var streams = Enumerable.Range(0, measurement.StreamCount).Select(i => measurement.Stream(i).Snapshot()).ToArray();
        var latency = new List<byte[]>();
        foreach (var recorder in measurement.Recorders())
        {
            var (warm, measured) = recorder.TakeIntervalEncoded();
            latency.Add(warm);
            latency.Add(measured);
        }
        var alarms = new List<long>();
        // At most so many per report (a report must fit in one remoting frame); the rest go with the next.
        for (var n = 0; n < MaxAcknowledgedPerReport && acknowledged.Alarms.TryDequeue(out var a); n++)
        {
            alarms.Add(a.Camera);
            alarms.Add(a.AlarmId);
        }
        var supervision = new List<StoredAcknowledgement>();
        for (var n = 0; n < MaxSupervisionPerReport && acknowledged.Supervision.TryDequeue(out var s); n++) supervision.Add(s);
        return new LoadDelta(node, final, streams, measurement.Operations.Select(o => o.Counters()).ToArray(), latency.ToArray(),
            measurement.FailuresByStream(), alarms.ToArray(), resent(), final ? generatorCpuSeconds() : null)
        {
            AcknowledgedSupervision = [.. supervision],
            Bursts = final ? [.. measuredBursts()] : [],
        };
    }
}
