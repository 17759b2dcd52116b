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
}
