namespace MonitorSim.Load.Engine;

/// <summary>A stretch of a closed-model stream: between <see cref="Start"/> and <see cref="End"/> (Stopwatch ticks from
/// the run's start) the number of copies moves linearly from <see cref="From"/> to <see cref="To"/>.</summary>
/// <param name="Iterations">When set, the stretch ends once this many operations were started in it
/// (iterations_for_constant), and <see cref="End"/> is only the run's end, an upper bound.</param>
public sealed record ClosedSegment(long Start, long End, int From, int To, long? Iterations = null)
{
    /// <summary>Copies wanted at <paramref name="t"/>, or null outside the segment.</summary>
    public int? CopiesAt(long t)
    {
        if (t < Start || t >= End) return null;
        if (From == To || End == Start) return To;
        return (int)Math.Round(From + (To - From) * (double)(t - Start) / (End - Start));
    }
}
