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

    public void Interval(TimelineRow row)
    {
        metrics.Update(row);
        inner.Interval(row);
    }
}
