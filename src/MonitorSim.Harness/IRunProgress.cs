using MonitorSim.Cluster.Hosting;
using MonitorSim.Load.Results;
using System.Diagnostics.CodeAnalysis;

namespace MonitorSim.Harness;

/// <summary>Where a run tells its user what is happening: the console, live metrics, the live dashboard. Everything but
/// <see cref="Info"/> and <see cref="Interval"/> is optional: the console shows less than the dashboard.</summary>
public interface IRunProgress
{
    void Info(string message);

    /// <summary>A reporting interval ended (the reporter thread; keep it short).</summary>
    void Interval(TimelineRow row);

    /// <summary>A sizing trial began or ended (<c>monitorsim size</c>); runs and replays have none.</summary>
    void Trial(TrialProgress trial) { }

    /// <summary>How far the tree's start has come (entities woken, per second, time to go): once a second while it
    /// starts and once at the end. Called on an actor's thread.</summary>
    void TreeStart(WakeProgress progress) { }
    /// <summary>A measured window (a run, or one step of a sizing search) is about to start its load.</summary>
    void WindowStarted(WindowStart window) { }

    /// <summary>An event of the window: a fault, a node lost, an abort; timed ones begin <c>t=12.5s</c>.</summary>
    [SuppressMessage("Naming", "CA1716:Identifiers should not match keywords",
        Justification = "No assembly here is consumed from Visual Basic; the name says an event of the window.")]
    void Event(string text) { }

    /// <summary>The thresholds as the last interval check left them (after every interval past the warm-up).</summary>
    void Thresholds(IReadOnlyList<ThresholdResult> soFar) { }

    /// <summary>Whether <see cref="Nodes"/> is wanted: reading every node costs an ask per node, so only when someone shows it.</summary>
    bool WatchesNodes => false;

    /// <summary>Every node's CPU and memory, about once per reporting interval while a window runs.</summary>
    void Nodes(IReadOnlyList<NodeSample> nodes) { }
}

/// <summary>A measured window as it starts.</summary>
/// <param name="Label">What runs: the scenario, or the sizing step ("step 3, 1 node").</param>
/// <param name="DurationS">Its length, warm-up included, seconds.</param>
/// <param name="WarmUpS">Its warm-up, seconds (excluded from every statistic).</param>
/// <param name="LoadFactor">The multiple of the scenario's rates it offers.</param>
public sealed record WindowStart(string Label, double DurationS, double WarmUpS, double LoadFactor);

/// <summary>One node's resources at one moment of a window.</summary>
/// <param name="Number">1 = this process (the coordinator), 2 … the others, as in the reports.</param>
/// <param name="BusyCores">CPU used since the previous sample per second of wall time (1.0 = one core busy); null on the
/// first sample or while the node does not answer.</param>
/// <param name="MemoryMb">This process: its working set now; other nodes: their peak working set (what they report).</param>
/// <param name="Lost">The node answered before and does not now (killed, frozen, cut off).</param>
public sealed record NodeSample(int Number, double? BusyCores, double? MemoryMb, bool Lost);
