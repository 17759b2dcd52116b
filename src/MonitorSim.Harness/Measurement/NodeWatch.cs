using System.Diagnostics;
using MonitorSim.Harness.Session;

namespace MonitorSim.Harness.Measurement;

/// <summary>
/// Reads every node's CPU and memory while a window runs, for whoever shows them live: this process from the operating
/// system, the other nodes by asking each node's agent for its report (on a multi-node session). Busy cores are CPU
/// seconds between two samples divided by the wall seconds between them: BusyCores = ΔCpuS / ΔWallS. A node that
/// answered once and no longer does is reported lost until it answers again. Runs on the thread pool beside the window
/// and stops with it; it never delays the engine (a slow ask only delays the next sample).
/// </summary>
public static class NodeWatch
{
    public static async Task RunAsync(TreeSession session, TimeSpan every, Action<IReadOnlyList<NodeSample>> onNodes, CancellationToken ct)
    {
        var previous = new Dictionary<int, (double CpuS, long At)>();
        var seen = new HashSet<int>();
        using var timer = new PeriodicTimer(every);
        try
        {
            do
            {
                var at = Stopwatch.GetTimestamp();
                var cpu = new Dictionary<int, (double CpuS, double? MemoryMb)>();
                using (var self = Process.GetCurrentProcess())
                    cpu[1] = (self.TotalProcessorTime.TotalSeconds, self.WorkingSet64 / (1024.0 * 1024.0));
                if (session.IsMultiNode)
                    foreach (var (number, report) in await session.ReportsAsync().WaitAsync(ct))
                        if (number != 1) cpu[number] = (report.CpuS, report.PeakWorkingSetMb);
                onNodes(Samples(cpu, at, previous, seen));
            } while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // the window ended
        }
    }

    /// <summary>One sample per node seen so far: busy cores from the previous reading, lost when a node seen before did
    /// not answer this time.</summary>
    internal static List<NodeSample> Samples(Dictionary<int, (double CpuS, double? MemoryMb)> now, long at,
        Dictionary<int, (double CpuS, long At)> previous, HashSet<int> seen)
    {
        var samples = new List<NodeSample>();
        foreach (var (number, (cpuS, memory)) in now.OrderBy(n => n.Key))
        {
            double? busy = null;
            if (previous.TryGetValue(number, out var before) && at > before.At)
                busy = Math.Round(Math.Max(0, cpuS - before.CpuS) / Stopwatch.GetElapsedTime(before.At, at).TotalSeconds, 3);
            previous[number] = (cpuS, at);
            seen.Add(number);
            samples.Add(new NodeSample(number, busy, memory is { } m ? Math.Round(m, 1) : null, Lost: false));
        }
        foreach (var number in seen.Where(n => !now.ContainsKey(n)).Order())
        {
            previous.Remove(number); // its CPU restarts from its next answer
            samples.Add(new NodeSample(number, null, null, Lost: true));
        }
        return samples;
    }
}
