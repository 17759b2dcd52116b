using MonitorSim.Harness.Measurement;

namespace MonitorSim.Harness.Tests;

/// <summary>What a phase of a run cost this process, read from two snapshots.</summary>
public sealed class ResourceSnapshotTests
{
    [Fact]
    public async Task A_phase_counts_the_collections_in_it_and_the_time_they_paused_the_process()
    {
        var before = ResourceSnapshot.Take();
        // Blocking, compacting full collections over a heap with something to move: each stops every thread.
        var keep = Enumerable.Range(0, 200_000).Select(i => new byte[64 + i % 64]).ToList();
        for (var i = 0; i < 5; i++) GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.KeepAlive(keep);
        var after = ResourceSnapshot.Take();

        var phase = await before.UntilAsync(after);

        Assert.True(phase.Gen2 >= 5, $"{phase.Gen2} full collections counted, 5 forced");
        Assert.True(phase.GcPauseMs > 0, "the forced collections paused the process for no time at all");
        Assert.Equal(phase.GcPauseMs / 1000 / phase.Seconds, phase.GcPauseShare, precision: 9);
    }
}
