using MonitorSim.Harness.Faults;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Measurement;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Harness.Measurement;

/// <summary>One window of load on a session: the scenario as it runs (duration, warm-up, load factor, sim start) and its
/// streams, with what the caller wants to hear or add.</summary>
/// <param name="Run">The window's scenario: its duration, warm-up, load factor and thresholds govern the window.</param>
/// <param name="Plans">Its streams, planned for the session's topology.</param>
public sealed record WindowRequest(ScenarioDefinition Run, IReadOnlyList<StreamPlan> Plans)
{
    /// <summary>Hears every operation offered (<c>run --record</c>).</summary>
    public IOperationRecorder? Recorder { get; init; }

    /// <summary>Hears every interval's latency samples per node (the live metrics' histograms).</summary>
    public ILatencyListener? LatencyListener { get; init; }

    /// <summary>Hears every timeline row (live progress).</summary>
    public Action<TimelineRow>? OnInterval { get; init; }

    /// <summary>Told when the window's clock is set, before any load (the live dashboard starts a new chart).</summary>
    public Action<WindowStart>? OnStart { get; init; }

    /// <summary>Hears every event of the window as the engine notes it (faults, nodes lost, an abort).</summary>
    public Action<string>? OnEvent { get; init; }

    /// <summary>Hears every node's CPU and memory about once per reporting interval; null: nobody reads them.</summary>
    public Action<IReadOnlyList<NodeSample>>? OnNodes { get; init; }

    /// <summary>Asked after every interval past the warm-up; a reason returned ends the window (thresholds with abort).</summary>
    public Func<LoadOutcome, double, string?>? ShouldAbort { get; init; }

    /// <summary>Carries out the scenario's faults; null: they are not injected, and <see cref="WithoutFaults"/> says so.</summary>
    public FaultInjector? Faults { get; init; }

    /// <summary>What a fault's event says when the window injects none.</summary>
    public string WithoutFaults { get; init; } = "fault skipped: the tree is not running";

    /// <summary>Where the engine puts what the tree acknowledged (the run's audits take it from there as the load goes on);
    /// null: the engine keeps its own.</summary>
    public AcknowledgedOperations? Acknowledged { get; init; }

    /// <summary>How the window's generator issues; its tick reaches the workers' generators too (a longer one issues the load
    /// in bursts: the sizing's demand probes, <see cref="GeneratorSettings.Tick"/>).</summary>
    public GeneratorSettings Generator { get; init; } = new();

    /// <summary>Counts the journal's rows at every reading (SQLite stores).</summary>
    public JournalCounter? Journal { get; init; }
}
