using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;
using MonitorSim.Domain.Operations;
using MonitorSim.Load.Engine;

namespace MonitorSim.Benchmarks.Allocation;

/// <summary>
/// <c>alloc-profile KIND [OPERATIONS] [memory|sqlite]</c>: where the bytes of one operation kind go. Runs the kind twice
/// through <see cref="TreeMixRig"/>, a fifth of the operations and then all of them, and gives the marginal bytes per
/// operation (the difference of the two runs' allocated bytes over the difference of their operations, so the engine
/// run's fixed cost drops out), then the larger run's bytes by type from the runtime's sampled allocation events
/// (<c>GCAllocationTick</c>: one event per ~100 KB allocated, naming the type that crossed the mark, so a type's share is
/// an estimate whose error shrinks with the run's length).
/// </summary>
internal static class AllocationProfile
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 1 || !TryKind(args[0], out var kind))
        {
            await Console.Error.WriteLineAsync("usage: alloc-profile keepalive|alarm|registration|service_flow [OPERATIONS] [memory|sqlite]");
            return 2;
        }
        var operations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50_000;
        var store = args.Length > 2 ? args[2] : "memory";
        var small = operations / 5;
        await using var rig = new TreeMixRig(store);
        await rig.StartAsync();
        await rig.RunAsync(kind, Math.Min(small, 2_000)); // warms the JIT and the tree's caches

        var a = await MeasureAsync(rig, kind, small, null);
        using var listener = new AllocationSampler();
        var b = await MeasureAsync(rig, kind, operations, listener);
        var marginal = (double)(b.Bytes - a.Bytes) / (operations - small);
        Console.WriteLine($"{OperationNames.Of(kind)} on {store}: {small:N0} ops {a.Bytes:N0} B ({a.Gen0} gen0), {operations:N0} ops {b.Bytes:N0} B ({b.Gen0} gen0)");
        Console.WriteLine($"marginal: {marginal:N0} B/op; whole run: {(double)b.Bytes / operations:N0} B/op");
        // The alarm path batches and re-sends by timing (a camera re-sends an alarm unanswered after 500 ms): say so.
        foreach (var e in a.Events.Concat(b.Events)) Console.WriteLine($"event: {e}");
        Console.WriteLine();
        Console.WriteLine("| type | bytes/op (sampled, whole run) | share |");
        Console.WriteLine("|---|---:|---:|");
        var total = listener.Total;
        foreach (var (type, bytes) in listener.ByType.OrderByDescending(t => t.Value).Take(30))
            Console.WriteLine($"| {type} | {(double)bytes / operations:N1} | {100.0 * bytes / Math.Max(1, total):0.0} % |");
        return 0;
    }

    private static async Task<(long Bytes, int Gen0, IReadOnlyList<string> Events)> MeasureAsync(TreeMixRig rig, OperationKind kind, int operations, AllocationSampler? sampler)
    {
        if (kind == OperationKind.Alarm)
        {
            // A fresh tree: a tree's cost per alarm grows with the alarms still active on it.
            await rig.StopAsync();
            await rig.StartAsync();
        }
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var gen0 = GC.CollectionCount(0);
        sampler?.Start();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var outcome = await rig.RunAsync(kind, operations);
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - before;
        sampler?.Stop();
        return (bytes, GC.CollectionCount(0) - gen0, outcome.Events);
    }

    private static bool TryKind(string name, out OperationKind kind)
    {
        foreach (var k in new[] { OperationKind.Keepalive, OperationKind.Alarm, OperationKind.Registration, OperationKind.ServiceFlow })
            if (OperationNames.Of(k) == name)
            {
                kind = k;
                return true;
            }
        kind = default;
        return false;
    }

    /// <summary>Sums the runtime's <c>GCAllocationTick</c> events by type name while started.</summary>
    private sealed class AllocationSampler : EventListener
    {
        private const EventKeywords GcKeyword = (EventKeywords)0x1;
        private volatile bool _on;
        private long _total;

        public ConcurrentDictionary<string, long> ByType { get; } = new();

        public long Total => Interlocked.Read(ref _total);

        public void Start() => _on = true;

        public void Stop() => _on = false;

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, GcKeyword);
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (!_on || e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null) return;
            var names = e.PayloadNames!;
            long amount = 0;
            var type = "?";
            for (var i = 0; i < names.Count; i++)
            {
                if (names[i] == "AllocationAmount64") amount = Convert.ToInt64(e.Payload[i], CultureInfo.InvariantCulture);
                else if (names[i] == "TypeName") type = e.Payload[i] as string ?? "?";
            }
            ByType.AddOrUpdate(type, amount, (_, v) => v + amount);
            Interlocked.Add(ref _total, amount);
        }
    }
}
