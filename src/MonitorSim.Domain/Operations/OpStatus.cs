namespace MonitorSim.Domain.Operations;

/// <summary>How an operation ended.</summary>
public enum OpStatus : byte
{
    Ok,
    /// <summary>The system answered but refused (e.g. keepalive from an unregistered device).</summary>
    Rejected,
    /// <summary>The system could not do it (e.g. persistence failed, platform down).</summary>
    Failed,
}
