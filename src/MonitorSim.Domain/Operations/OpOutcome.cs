namespace MonitorSim.Domain.Operations;

/// <summary>The answer to one operation, handed to the load engine when the operation completes.</summary>
/// <param name="Completed">Stopwatch timestamp when the answer reached the requester.</param>
/// <param name="Reason">Short machine-readable reason when not <see cref="OpStatus.Ok"/> (e.g. <c>not_registered</c>).</param>
/// <param name="Ref">What the operation produced, for a next step to refer to: an alarm's id; for an alarm query, the
/// number of active alarms it found.</param>
public readonly record struct OpOutcome(
    OpTicket Ticket,
    OperationKind Kind,
    OpStatus Status,
    long Completed,
    AlarmHops Hops = default,
    string? Reason = null,
    long Ref = 0);
