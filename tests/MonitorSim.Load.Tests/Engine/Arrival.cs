using MonitorSim.Load.Engine;

namespace MonitorSim.Load.Tests.Engine;

/// <summary>One arrival drained from an <see cref="ArrivalSequence"/>: intended time (Stopwatch ticks) and member.</summary>
internal readonly record struct Arrival(long At, int Member)
{
    /// <summary>Every arrival of <paramref name="sequence"/>, in the order it yields them.</summary>
    public static List<Arrival> Drain(ArrivalSequence sequence)
    {
        var list = new List<Arrival>();
        for (var t = sequence.Next(out var m); t != ArrivalSequence.End; t = sequence.Next(out m))
            list.Add(new Arrival(t, m));
        return list;
    }

    /// <summary>Every arrival of every step of a stream plan, steps in order.</summary>
    public static List<Arrival> Drain(StreamPlan plan) => plan.Schedule.Steps.SelectMany(Drain).ToList();
}
