using MonitorSim.Domain.Operations;

namespace MonitorSim.Load.Scenarios;

/// <summary>One workload stream of a scenario (an item of <c>scenarios:</c>): an operation and its load profile.</summary>
/// <param name="Kind">The tree operation; not used when <paramref name="Target"/> is set.</param>
/// <param name="AlarmMix">Normalised alarm-type shares; empty unless <paramref name="Kind"/> is <see cref="OperationKind.Alarm"/>.</param>
/// <param name="Line">Line of the stream in its YAML file (0 when built in code), for messages about it.</param>
/// <param name="Target">A self-test target the stream drives instead of the monitoring tree.</param>
/// <param name="MaxInFlight">Most operations of this stream in flight at once; beyond it new ones are dropped (and
/// counted). Null: the engine's default.</param>
/// <param name="Then">Makes the operation a composite: when the first step succeeds, this one follows at once on what it
/// produced (alarm then alarm_query: the city is asked about the alarm just raised). The composite is reported under the
/// stream's name, and each step under <c>name.step</c>.</param>
/// <param name="Feed">Names the subject of each operation (and an alarm's type) instead of random draws.</param>
/// <param name="Timeout">How long an operation may go unanswered (from its actual start, a composite's whole); then it
/// counts as failed (<c>timed_out</c>) at that time, and a later answer is ignored. Null: <see cref="DefaultTimeout"/>.</param>
/// <param name="Sip">Sends the stream's camera operations as SIP to a GB/T 28181 platform instead of the in-cluster tree.</param>
public sealed record StreamDefinition(
    string Name,
    OperationKind Kind,
    IReadOnlyList<AlarmWeight> AlarmMix,
    IReadOnlyList<LoadStep> Steps,
    int Line = 0,
    TargetSpec? Target = null,
    int? MaxInFlight = null,
    OperationKind? Then = null,
    FeedDefinition? Feed = null,
    TimeSpan? Timeout = null,
    SipTargetSpec? Sip = null)
{
    /// <summary>
    /// The operation timeout of a stream that sets none: 60 s, the request timeout k6 and Gatling default to. It is meant
    /// as a backstop for operations that will never be answered, above any wait a recovering tree makes honestly (alarms
    /// wait out a city restart); a camera gives up on an unanswered alarm earlier on its own, at SIP timer F (64·T1 = 32 s
    /// at the default T1 of 500 ms), which counts as <c>no_answer</c>.
    /// </summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(60);

    /// <summary>A stream that drives a self-test target.</summary>
    public static StreamDefinition ForTarget(string name, TargetSpec target, IReadOnlyList<LoadStep> steps, int line = 0) =>
        new(name, OperationKind.Keepalive, [], steps, line, target);

    /// <summary>The operation name the stream's operations are reported under: a composite's is the stream's own name, a
    /// self-test target's its target's (as <see cref="Engine.StreamPlan.OperationName"/>).</summary>
    public string OperationName => Then is not null ? Name : Target?.Name ?? Engine.OperationNames.Of(Kind);

    /// <summary>Whether the stream needs the monitoring tree (false for self-test targets).</summary>
    public bool UsesTree => Target is null;

    /// <summary>Whether the stream needs the in-cluster tree (false for self-test targets and SIP targets).</summary>
    public bool UsesCluster => Target is null && Sip is null;

    /// <summary>
    /// The mix an alarm stream gets when it names none. The seed document gives no shares, so this is an assumption:
    /// staffing alarms (unattended desks, absent staff, early leave, queues) dominate because they are what the
    /// campaign watches for, and video faults (loss, tampering) take a fifth, as on any large camera estate.
    /// </summary>
    public static IReadOnlyList<AlarmWeight> DefaultAlarmMix { get; } =
    [
        new(AlarmType.DeskUnattended, 0.35),
        new(AlarmType.StaffAbsent, 0.15),
        new(AlarmType.EarlyLeave, 0.10),
        new(AlarmType.QueueOverflow, 0.15),
        new(AlarmType.Conflict, 0.05),
        new(AlarmType.VideoLoss, 0.15),
        new(AlarmType.VideoTamper, 0.05),
    ];
}
