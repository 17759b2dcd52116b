using MonitorSim.Domain.Topology;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;

namespace MonitorSim.Harness.Runs;

/// <summary>How a run differs from a scenario's own (replay, record): its plans, a recorder of what it offers, and a last
/// word on its result before the reports are written.</summary>
/// <param name="Plan">The run's streams for its topology, instead of the scenario's.</param>
/// <param name="Recorder">Hears every operation offered (<c>run --record</c>).</param>
/// <param name="Complete">Adds to the result (a replay's section) before thresholds and reports.</param>
/// <param name="Latency">Hears every interval's latency samples per node (the live metrics' histograms).</param>
public sealed record RunHooks(
    Func<CityTopology, IReadOnlyList<StreamPlan>>? Plan = null,
    IOperationRecorder? Recorder = null,
    Func<RunResult, RunResult>? Complete = null,
    MonitorSim.Load.Measurement.ILatencyListener? Latency = null);
