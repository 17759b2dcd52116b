using MathNet.Numerics.Random;
using MonitorSim.Load.Engine;

namespace MonitorSim.Load.Tests.Engine;

/// <summary>A worker node walks only its own members' arrivals (<see cref="IMemberArrivals.KeepOnly"/>): the ones it keeps
/// come exactly when they would have, and the others not at all.</summary>
public sealed class MemberArrivalsTests
{
    private static readonly long Second = LoadPlanner.Ticks(TimeSpan.FromSeconds(1));

    public static TheoryData<string> Kinds => ["periodic", "permuted"];

    private static ArrivalSequence Make(string kind) => kind == "periodic"
        ? new PeriodicArrivals(300, Second / 4, 0, 2 * Second, new MersenneTwister(5, false))
        : new PermutedArrivals(300, 0, Second, new MersenneTwister(5, false));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Kept_members_arrive_exactly_when_they_would_have_and_the_others_never(string kind)
    {
        var all = Arrival.Drain(Make(kind));
        var restricted = Make(kind);
        ((IMemberArrivals)restricted).KeepOnly(m => m % 3 == 1);

        var kept = Arrival.Drain(restricted);

        Assert.NotEmpty(kept);
        Assert.Equal(all.Where(a => a.Member % 3 == 1), kept);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Keeping_nobody_leaves_no_arrivals(string kind)
    {
        var sequence = Make(kind);
        ((IMemberArrivals)sequence).KeepOnly(_ => false);

        Assert.Equal(ArrivalSequence.End, sequence.Next(out _));
    }
}
