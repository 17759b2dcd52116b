namespace MonitorSim.Load.Replay;

/// <summary>Why a log line is not replayed (the <c>reason</c> in rejects.csv and the summary's counts).</summary>
public enum RejectReason
{
    /// <summary>The line is replayed.</summary>
    None,
    /// <summary>Not a record: wrong number of fields, bad JSON, a missing or unreadable field (timestamp, alarm_type, step).</summary>
    Malformed,
    /// <summary>The source names no camera or point of the topology, or the wrong one for the event (a point's keepalive).</summary>
    UnknownSource,
    /// <summary>The event type is not one the tree answers (keepalive, registration, alarm, alarm_query, service_flow, clue_intake).</summary>
    UnknownEvent,
    /// <summary>The timestamp is earlier than the latest before it by more than the tolerance.</summary>
    TimeWentBack,
}

/// <summary>The reasons' names in rejects.csv and summary.json.</summary>
public static class RejectReasons
{
    public static string Name(RejectReason r) => r switch
    {
        RejectReason.Malformed => "malformed",
        RejectReason.UnknownSource => "unknown_source",
        RejectReason.UnknownEvent => "unknown_event",
        RejectReason.TimeWentBack => "time_went_back",
        _ => "none",
    };

    public static readonly RejectReason[] All = [RejectReason.Malformed, RejectReason.UnknownSource, RejectReason.UnknownEvent, RejectReason.TimeWentBack];
}
