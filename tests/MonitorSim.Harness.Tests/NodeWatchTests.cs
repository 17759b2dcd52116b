using System.Diagnostics;
using MonitorSim.Harness.Measurement;

namespace MonitorSim.Harness.Tests;

public sealed class NodeWatchTests
{
    [Fact]
    public void Busy_cores_are_the_cpu_seconds_between_two_samples_per_wall_second_and_a_silent_node_is_lost_until_it_answers()
    {
        var previous = new Dictionary<int, (double CpuS, long At)>();
        var seen = new HashSet<int>();
        var t0 = Stopwatch.GetTimestamp();
        var twoSecondsLater = t0 + 2 * Stopwatch.Frequency;

        var first = NodeWatch.Samples(new() { [1] = (10.0, 300.0), [2] = (4.0, 150.0) }, t0, previous, seen);
        var second = NodeWatch.Samples(new() { [1] = (11.5, 310.0) }, twoSecondsLater, previous, seen);
        var third = NodeWatch.Samples(new() { [1] = (12.0, 310.0), [2] = (9.0, 160.0) }, twoSecondsLater + Stopwatch.Frequency, previous, seen);

        Assert.All(first, s => Assert.Null(s.BusyCores)); // nothing to compare with yet
        Assert.Equal([new NodeSample(1, 0.75, 310, false), new NodeSample(2, null, null, true)], second);
        // Node 2 answers again: up, and its CPU starts again from this answer (not from before it went silent).
        Assert.Equal([new NodeSample(1, 0.5, 310, false), new NodeSample(2, null, 160, false)], third);
    }
}
