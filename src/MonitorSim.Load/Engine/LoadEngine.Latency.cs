using HdrHistogram;
using MonitorSim.Load.Measurement;

namespace MonitorSim.Load.Engine;

/// <summary>The engine's latency samples handed to an <see cref="ILatencyListener"/>, per node.</summary>
public sealed partial class LoadEngine
{
    /// <summary>The node number of this engine's own samples as the listener hears them (the coordinator is node 1).</summary>
    public const int CoordinatorNode = 1;

    /// <summary>Hears each interval's latency samples per operation, hop and node (e.g. live metrics); null: nobody.</summary>
    public ILatencyListener? LatencyListener { get; init; }

    /// <summary>Every latency recorder with what it measures, in the fixed order workers' reports carry them.</summary>
    private IEnumerable<(LatencyRecorder Recorder, LatencySeries Series, string Key)> NamedRecorders()
    {
        foreach (var op in _ops)
        {
            yield return (op.Response, LatencySeries.Response, op.Name);
            yield return (op.Service, LatencySeries.Service, op.Name);
        }
        for (var i = 0; i < _hopResponse.Length; i++)
        {
            yield return (_hopResponse[i], LatencySeries.Response, OperationNames.AlarmHops[i]);
            yield return (_hopService[i], LatencySeries.Service, OperationNames.AlarmHops[i]);
        }
        yield return (_lag, LatencySeries.GeneratorLag, "");
    }

    /// <summary>What takes this node's own samples of one recorder to the listener; null when nobody listens.</summary>
    private Action<HistogramBase>? OwnSamples(LatencySeries series, string key) =>
        LatencyListener is { } listener ? samples => listener.Samples(series, key, CoordinatorNode, samples) : null;

    /// <summary>Hands a worker's report's samples to the listener, decoded into the worker's own scratch histogram
    /// (called under the worker's lock, so one at a time per worker).</summary>
    private void ForwardSamples(RemoteGenerator remote, LoadDelta delta)
    {
        if (LatencyListener is not { } listener) return;
        var r = 0;
        foreach (var (_, series, key) in NamedRecorders())
        {
            foreach (var encoded in new[] { delta.Latency[r], delta.Latency[r + 1] })
            {
                if (encoded.Length == 0) continue;
                remote.Scratch ??= new LongHistogram(1, LatencyRecorder.Highest, 3);
                remote.Scratch.Reset();
                LatencyRecorder.Decode(encoded, remote.Scratch);
                listener.Samples(series, key, remote.Number, remote.Scratch);
            }
            r += 2;
        }
    }
}
