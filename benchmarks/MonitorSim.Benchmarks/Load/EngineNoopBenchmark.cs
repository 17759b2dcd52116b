using BenchmarkDotNet.Attributes;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Benchmarks.Load;

/// <summary>
/// The whole engine against <c>noop</c>, the target that answers at once on the caller's thread: what is left is the
/// engine's own cost per operation — drawing the arrival, the in-flight cap, stamping, lag and both latency recordings,
/// the counters. Each invocation is one real run of <see cref="Operations"/> operations, all due at once (open model:
/// <c>iterations_for_inject</c> at a rate far above what the generator can do; closed model: one copy,
/// <c>iterations_for_constant</c>), so the generator issues flat out and the run ends when the last is answered.
/// Time per operation is the inverse of the generator's ceiling; allocation per operation includes the run's fixed
/// setup (histograms, plans) spread over its operations.
/// </summary>
[MemoryDiagnoser]
public class EngineNoopBenchmark
{
    public const int Operations = 200_000;

    private static readonly CityTopology City = TopologyBuilder.Build(new TopologySpec(3, 12, 30, 2, 4), 7);

    private static ScenarioDefinition Scenario(LoadStep step) => ScenarioDefinition.Default("engine_noop") with
    {
        Duration = TimeSpan.FromSeconds(60), // an upper bound: counted load ends the run when it is done
        ReportInterval = TimeSpan.FromSeconds(1),
        CompletionTimeout = TimeSpan.FromSeconds(1),
        Topology = City.Spec,
        Streams = [StreamDefinition.ForTarget("noop", new NoopTarget(), [step])],
    };

    private static async Task<long> RunAsync(LoadStep step)
    {
        var outcome = await new LoadEngine(Scenario(step), City).RunAsync(
            _ => throw new InvalidOperationException("noop needs no tree"),
            _ => Task.FromResult(TreeStatus.Unknown),
            _ => "");
        if (outcome.Operations.Completed != Operations) throw new InvalidOperationException($"completed {outcome.Operations.Completed}, expected {Operations}");
        return outcome.Operations.Completed;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations)]
    public Task<long> OpenModel() => RunAsync(new IterationsForInjectStep(1e9, TimeSpan.FromSeconds(1), Operations, Arrivals.Uniform));

    [Benchmark(OperationsPerInvoke = Operations)]
    public Task<long> ClosedModelOneCopy() => RunAsync(new IterationsForConstantStep(1, Operations));
}
