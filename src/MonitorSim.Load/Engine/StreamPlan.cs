using MonitorSim.Domain.Operations;

namespace MonitorSim.Load.Engine;

/// <summary>A workload stream compiled for the run: what it does, when (its arrival sequences, one per load step, in
/// order), and how its rate was derived.</summary>
/// <param name="Basis">Human-readable derivation of the rate, for the report.</param>
/// <param name="MeanRate">Mean offered operations per second over the whole run (after the load factor).</param>
/// <param name="Population">Population the arrivals' members index: camera, point, platform, or none.</param>
/// <param name="OfficeHoursOnly">Arrivals outside the sim's office hours are not offered (service flow).</param>
/// <param name="Target">The self-test target the stream drives, or null for the monitoring tree.</param>
/// <param name="MaxInFlight">The stream's own in-flight cap, or null for the engine's default.</param>
/// <param name="Closed">The stream's closed-model stretches (keep_constant, ramping_constant), in time order.</param>
/// <param name="CountsIterations">Some step is counted in operations (iterations_for_inject, iterations_for_constant), so
/// when the stream ends is not known in advance.</param>
/// <param name="Then">The second step of a composite operation (null for a plain one).</param>
/// <param name="Feed">The stream's data feed, matched against the topology: it names each operation's subject.</param>
/// <param name="WaitWhenFull">At its in-flight cap the generator waits for a free slot instead of dropping the operation
/// (a replayed log: every valid line is offered; the wait shows as lag).</param>
/// <param name="Timeout">How long an operation may go unanswered from its actual start (<see cref="Scenarios.StreamDefinition.Timeout"/>).</param>
/// <param name="Sip">The SIP platform the stream's camera operations go to instead of the in-cluster tree.</param>
public sealed record StreamPlan(
    string Name,
    OperationKind Kind,
    IReadOnlyList<ArrivalSequence> Steps,
    double MeanRate,
    string Basis,
    PopulationKind Population,
    double[] AlarmMixCumulative,
    AlarmType[] AlarmMixTypes,
    bool OfficeHoursOnly,
    bool Reactive = false,
    Scenarios.TargetSpec? Target = null,
    int? MaxInFlight = null,
    IReadOnlyList<ClosedSegment>? Closed = null,
    bool CountsIterations = false,
    OperationKind? Then = null,
    ResolvedFeed? Feed = null,
    bool WaitWhenFull = false,
    TimeSpan? Timeout = null,
    Scenarios.SipTargetSpec? Sip = null)
{
    /// <summary>The stream's operation timeout, its own or the default.</summary>
    public TimeSpan OperationTimeout => Timeout ?? Scenarios.StreamDefinition.DefaultTimeout;

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

    /// <summary>Whether the stream has closed-model steps (its operations start when earlier ones finish).</summary>
    public bool IsClosed => Closed is { Count: > 0 };

    /// <summary>The operation name in reports and thresholds: a composite is reported under its stream's name.</summary>
    public string OperationName => Then is not null ? Name : Target?.Name ?? OperationNames.Of(Kind);

    /// <summary>A composite's steps as reported (<c>name.alarm</c>, <c>name.alarm_query</c>); empty for a plain operation.</summary>
    public IReadOnlyList<string> StepNames => Then is { } then ? [$"{Name}.{OperationNames.Of(Kind)}", $"{Name}.{OperationNames.Of(then)}"] : [];
}

/// <summary>What an arrival's member index refers to.</summary>
public enum PopulationKind
{
    None,
    Camera,
    Point,
    Platform,
}
