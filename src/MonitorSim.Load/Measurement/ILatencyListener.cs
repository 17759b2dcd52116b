using HdrHistogram;

namespace MonitorSim.Load.Measurement;

/// <summary>
/// Hears every reporting interval's latency samples per series, operation (or hop) and node, e.g. to publish them as
/// histograms (live metrics), so figures can be aggregated across nodes and any quantile taken. Called on the reporter
/// thread with this node's own samples and on the thread that folds a worker's report in with that worker's: must be
/// thread-safe and quick, must not keep <c>samples</c> (the histogram is reused) and must never throw.
/// </summary>
public interface ILatencyListener
{
    /// <param name="series">Response or service time, or the generator's lag.</param>
    /// <param name="key">The operation or hop (<c>alarm</c>, <c>alarm.point_to_platform</c>); empty for the generator lag.</param>
    /// <param name="node">The node whose generator measured them: 1 for the coordinator (and a one-node run), else the
    /// worker's node number.</param>
    /// <param name="samples">The samples, in microseconds, warm-up included.</param>
    void Samples(LatencySeries series, string key, int node, HistogramBase samples);
}
