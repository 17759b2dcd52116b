namespace MonitorSim.Sip.Platform;

/// <summary>Which request of the platform a client transaction carries.</summary>
public enum PlatformOp : byte
{
    CatalogQuery,
    DeviceInfoQuery,
    /// <summary>The answer to an alarm notify (a MESSAGE Response/Alarm, Result OK).</summary>
    AlarmAnswer,
}
