namespace MonitorSim.Load.Engine;

/// <summary>When a stream's operations arrive: on the open model, its arrival sequences (one per load step, in order);
/// on the closed model, its stretches of copies that start an operation when their last one ends.</summary>
/// <param name="Steps">The open-model arrival sequences, one per load step, in order.</param>
/// <param name="Closed">The closed-model stretches (keep_constant, ramping_constant), in time order; null: none.</param>
/// <param name="CountsIterations">Some step is counted in operations (iterations_for_inject, iterations_for_constant), so
/// when the stream ends is not known in advance.</param>
/// <param name="OfficeHoursOnly">Arrivals outside the sim's office hours are not offered (service flow).</param>
public sealed record StreamSchedule(
    IReadOnlyList<ArrivalSequence> Steps,
    IReadOnlyList<ClosedSegment>? Closed = null,
    bool CountsIterations = false,
    bool OfficeHoursOnly = false)
{
    /// <summary>No arrivals of its own (a stream of reactions).</summary>
    public static StreamSchedule None { get; } = new([]);

    /// <summary>Whether the stream has closed-model steps (its operations start when earlier ones finish).</summary>
    public bool IsClosed => Closed is { Count: > 0 };

    /// <summary>The closed-model segment running at <paramref name="t"/>, its index and the copies it wants; (-1, 0)
    /// outside them.</summary>
    public (int Segment, int Copies) ClosedAt(long t)
    {
        if (Closed is null) return (-1, 0);
        for (var i = 0; i < Closed.Count; i++)
            if (Closed[i].CopiesAt(t) is { } copies) return (i, copies);
        return (-1, 0);
    }

    /// <summary>Whether no closed-model segment runs at or after <paramref name="t"/> (given how many operations each
    /// iteration-limited segment has started).</summary>
    public bool ClosedFinished(long t, long[] startedPerSegment)
    {
        if (Closed is null) return true;
        for (var i = 0; i < Closed.Count; i++)
        {
            var segment = Closed[i];
            if (segment.End <= t) continue;
            if (segment.Iterations is { } limit && startedPerSegment[i] >= limit) continue;
            return false;
        }
        return true;
    }
}
