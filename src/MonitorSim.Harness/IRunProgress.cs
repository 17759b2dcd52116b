using MonitorSim.Cluster.Hosting;
using MonitorSim.Load.Results;

namespace MonitorSim.Harness;

/// <summary>Where a run tells its user what is happening: the console, live metrics, the live dashboard.</summary>
public interface IRunProgress
{
    void Info(string message);

    void Interval(TimelineRow row);

    /// <summary>A sizing trial began or ended (<c>monitorsim size</c>); runs and replays have none.</summary>
    void Trial(TrialProgress trial) { }

    /// <summary>How far the tree's start has come (entities woken, per second, time to go): once a second while it
    /// starts and once at the end. Called on an actor's thread.</summary>
    void TreeStart(WakeProgress progress) { }
}
