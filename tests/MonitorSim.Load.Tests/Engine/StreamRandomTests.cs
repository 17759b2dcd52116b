using MathNet.Numerics.Random;
using MonitorSim.Load.Engine;

namespace MonitorSim.Load.Tests.Engine;

/// <summary>The streams' allocation-free random source draws exactly what Math.NET's Xorshift draws from the same seed,
/// so a scenario's subjects, alarm types and steps are those it always had.</summary>
public sealed class StreamRandomTests
{
    [Theory]
    [InlineData(42)]
    [InlineData(-7)]
    [InlineData(1_000_003)]
    public void Bounded_draws_match_the_plain_xorshift_draw_for_draw(int seed)
    {
        var plain = new Xorshift(seed, threadSafe: false);
        var quiet = new StreamRandom(seed);
        // Bounds of every shape: 1 (no bits), powers of two, just above and below them, the seed city's camera count.
        int[] bounds = [1, 2, 3, 4, 7, 8, 9, 30, 64, 100, 3_108, 17_932, 1_000_000, int.MaxValue];
        for (var i = 0; i < 20_000; i++)
        {
            var bound = bounds[i % bounds.Length];
            Assert.Equal(plain.Next(bound), quiet.Next(bound));
            if (i % 5 == 0) Assert.Equal(plain.NextDouble(), quiet.NextDouble());
            if (i % 7 == 0) Assert.Equal(plain.Next(10, 20), quiet.Next(10, 20));
        }
    }

    [Fact]
    public void A_bounded_draw_allocates_nothing()
    {
        var random = new StreamRandom(42);
        random.Next(17_932); // first use
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = 0L;
        for (var i = 0; i < 10_000; i++) sum += random.Next(17_932);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(sum > 0);
        Assert.Equal(0, allocated);
    }
}
