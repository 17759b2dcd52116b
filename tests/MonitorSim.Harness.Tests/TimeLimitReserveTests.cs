using MonitorSim.Harness.Capacity;

namespace MonitorSim.Harness.Tests;

/// <summary>What a size run keeps of its time limit for the demand probes after the search: as many as the search's
/// bracket can leave light loads within the probes' span (six when it doubles, three when it grows eightfold), never
/// more, so that a quick search is not stopped for probes that will not run.</summary>
public sealed class TimeLimitReserveTests
{
    [Theory]
    [InlineData(2, 6)]  // 1 … 64: seven light loads in the span, six probed
    [InlineData(4, 4)]  // 1, 4, 16, 64
    [InlineData(8, 3)]  // --quick: 8, 64, 512
    [InlineData(64, 2)]
    public void The_probes_kept_for_follow_the_light_loads_the_bracket_leaves(double bracketFactor, int probes) =>
        Assert.Equal(probes, SizeJob.ProbesAtMost(bracketFactor));
}
