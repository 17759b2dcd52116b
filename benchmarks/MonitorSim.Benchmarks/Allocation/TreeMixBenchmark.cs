using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using MonitorSim.Domain.Operations;

namespace MonitorSim.Benchmarks.Allocation;

/// <summary>
/// Bytes allocated per operation of each kind of the baseline mix (keepalive, alarm, registration, service flow), from the
/// load engine through a real one-node tree in this process and back (<see cref="TreeMixRig"/>). What counts here is the
/// Allocated column: <see cref="MemoryDiagnoserAttribute"/> reads the process's allocated bytes (every thread: the
/// generator, the actors, the completions), which does not depend on how busy the machine is; the timings do, and on a
/// shared machine they are not figures to quote. Each invocation is one engine run, so its fixed cost (plans, the tree
/// port, and above all its HdrHistograms: about 20 MB a run, 2 KB of every operation's figure here) is spread over its
/// operations; <c>alloc-profile</c> (see <see cref="AllocationProfile"/>) gives the
/// marginal cost per operation and where it goes.
/// </summary>
/// <remarks>Alarm iterations each get a fresh tree: active alarms stay 10 minutes and every platform snapshot copies
/// them, so a tree that has taken many alarms pays more per alarm (see <see cref="Routing.AlarmRoutingBenchmark"/>).</remarks>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "BenchmarkDotNet owns the lifetime: the rig is disposed in GlobalCleanup.")]
public class TreeMixBenchmark
{
    /// <summary>Operations per invocation.</summary>
    public const int Operations = 10_000;

    private TreeMixRig _rig = null!;
    private bool _fresh;

    /// <summary>The operation kind measured.</summary>
    [Params(OperationKind.Keepalive, OperationKind.Alarm, OperationKind.Registration, OperationKind.ServiceFlow)]
    public OperationKind Kind { get; set; }

    /// <summary>The journal: <c>memory</c>, or <c>sqlite</c> (a temporary file) for the write path's share.</summary>
    [Params("memory")]
    public string Store { get; set; } = "memory";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _rig = new TreeMixRig(Store);
        await _rig.StartAsync();
        _fresh = true;
    }

    /// <summary>A fresh tree for every alarm iteration (see the remarks).</summary>
    [IterationSetup(Target = nameof(Run))]
    public void FreshTreeForAlarms()
    {
        if (Kind != OperationKind.Alarm || _fresh) return;
        _rig.StopAsync().GetAwaiter().GetResult();
        _rig.StartAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _rig.DisposeAsync();

    /// <summary>One engine run of <see cref="Operations"/> operations of <see cref="Kind"/>.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public async Task<long> Run()
    {
        _fresh = false;
        var outcome = await _rig.RunAsync(Kind, Operations);
        return outcome.Operations.Completed;
    }
}
