using MonitorSim.Cluster.Hosting;
using MonitorSim.Harness;
using MonitorSim.Load.Results;
using MonitorSim.Telemetry;

namespace MonitorSim.Cli.Progress;

/// <summary>Progress that also feeds the run's live metrics: every interval goes to <paramref name="metrics"/>, then on
/// to <paramref name="inner"/> (the console).</summary>
public sealed class LiveMetricsProgress(IRunProgress inner, LiveMetrics metrics) : IRunProgress
{
    public void Info(string message) => inner.Info(message);

    public void Trial(TrialProgress trial) => inner.Trial(trial);

    public void TreeStart(WakeProgress progress) => inner.TreeStart(progress);

    public void WindowStarted(WindowStart window) => inner.WindowStarted(window);

    public void Event(string text) => inner.Event(text);

    public void Thresholds(IReadOnlyList<ThresholdResult> soFar) => inner.Thresholds(soFar);

    public bool WatchesNodes => inner.WatchesNodes;

    public void Nodes(IReadOnlyList<NodeSample> nodes) => inner.Nodes(nodes);

    public void Interval(TimelineRow row)
    {
        metrics.Update(row);
        inner.Interval(row);
    }
}
