using MonitorSim.Load.Results;

namespace MonitorSim.Load.Tests.Measurement;

/// <summary>The journal's read time over a run: early is the median of the first third of the finished reads, late of
/// the last third, growth late over early; a read that did not finish counts as unfinished, not as a time.</summary>
public sealed class JournalReadsTests
{
    private static JournalReads Of(params double?[] readMs) =>
        new("platform-x-0", "sqlite:store.db", readMs.Select((ms, i) => new JournalReadSample(i * 60.0, ms, 10, 100 + i)).ToList());

    [Fact]
    public void A_journal_whose_reads_double_over_the_run_shows_a_growth_of_one_hundred_per_cent()
    {
        var reads = Of(10, 12, 11, 15, 16, 17, 20, 24, 22);

        Assert.Equal(11, reads.EarlyMedianMs);
        Assert.Equal(22, reads.LateMedianMs);
        Assert.Equal(1.0, reads.Growth!.Value, 9);
    }

    [Fact]
    public void Unfinished_reads_are_counted_apart_and_the_thirds_are_taken_of_the_finished_ones()
    {
        var reads = Of(10, null, 14, 12, null, 30, 40);

        Assert.Equal(2, reads.Unfinished);
        // Finished: 10, 14, 12, 30, 40 → thirds of one read each: the first (10) and the last (40).
        Assert.Equal(10, reads.EarlyMedianMs);
        Assert.Equal(40, reads.LateMedianMs);
    }

    [Fact]
    public void Fewer_than_three_finished_reads_give_no_early_late_or_growth()
    {
        var reads = Of(10, null, 12);

        Assert.Null(reads.EarlyMedianMs);
        Assert.Null(reads.LateMedianMs);
        Assert.Null(reads.Growth);
    }

    [Fact]
    public void An_even_third_takes_the_mean_of_its_two_middle_reads()
    {
        var reads = Of(10, 20, 5, 5, 5, 5, 30, 50);

        // Eight reads: thirds of two; early (10, 20) → 15, late (30, 50) → 40.
        Assert.Equal(15, reads.EarlyMedianMs);
        Assert.Equal(40, reads.LateMedianMs);
    }
}
