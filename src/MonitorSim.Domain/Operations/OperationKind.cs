namespace MonitorSim.Domain.Operations;

/// <summary>The things a tree element does and waits on; each is one measured operation.</summary>
public enum OperationKind
{
    /// <summary>A camera's keepalive, answered by its platform.</summary>
    Keepalive,
    /// <summary>A camera's REGISTER (or refresh), answered by its platform.</summary>
    Registration,
    /// <summary>An alarm raised at a camera, complete when the city acknowledges it.</summary>
    Alarm,
    /// <summary>One step of a citizen's transaction at a service point, acknowledged by the point.</summary>
    ServiceFlow,
    /// <summary>A supervisor at the city asks about an alarm (GB/T 28181 Query, CmdType Alarm): the city passes the
    /// question to the platform that holds the alarm's record, which answers whether it is still active.</summary>
    AlarmQuery,
    /// <summary>A clue about a service point reaches the supervision system (a petition, the conduct hotline, …): the
    /// clue's workflow receives it, and the operation is complete when its receipt is stored in the journal.</summary>
    ClueIntake,
    /// <summary>A received clue is put on the clue list with a responsible person and a deadline (stored before the
    /// answer). Only as the step after <see cref="ClueIntake"/>, on the clue it filed.</summary>
    ClueListing,
    /// <summary>A citizen's request opened at a co-handling post (全程协办), complete when the opening is stored; its
    /// department steps then run in sim time, and a step that overruns its deadline becomes a clue.</summary>
    CoHandling,
}
