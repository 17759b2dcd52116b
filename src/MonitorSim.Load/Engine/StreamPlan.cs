using MonitorSim.Domain.Operations;

namespace MonitorSim.Load.Engine;

/// <summary>A workload stream compiled for the run: what it does (its operation, where it goes and what each one is
/// about), when (its <see cref="StreamSchedule"/>), how its rate was derived, and what the engine does with its operations
/// in flight (its <see cref="InFlightRules"/>).</summary>
/// <param name="Schedule">When its operations arrive: its arrival sequences, one per load step, and closed-model stretches.</param>
/// <param name="MeanRate">Mean offered operations per second over the whole run (after the load factor).</param>
/// <param name="Basis">Human-readable derivation of the rate, for the report.</param>
/// <param name="Population">Population the arrivals' members index: camera, point, platform, or none.</param>
/// <param name="AlarmMix">The alarm types its alarms are drawn from (<see cref="Engine.AlarmMix.None"/> for other operations).</param>
/// <param name="InFlight">Its in-flight cap, what happens at the cap, and its operations' timeout.</param>
/// <param name="Reactive">Its arrivals are reactions (cameras re-registering after a refused keepalive), not scheduled.</param>
/// <param name="Target">The self-test target the stream drives, or null for the monitoring tree.</param>
/// <param name="Then">The second step of a composite operation (null for a plain one).</param>
/// <param name="Feed">The stream's data feed, matched against the topology: it names each operation's subject.</param>
/// <param name="Sip">The SIP platform the stream's camera operations go to instead of the in-cluster tree.</param>
public sealed record StreamPlan(
    string Name,
    OperationKind Kind,
    StreamSchedule Schedule,
    double MeanRate,
    string Basis,
    PopulationKind Population,
    AlarmMix AlarmMix,
    InFlightRules InFlight,
    bool Reactive = false,
    Scenarios.TargetSpec? Target = null,
    OperationKind? Then = null,
    ResolvedFeed? Feed = null,
    Scenarios.SipTargetSpec? Sip = null)
{
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
