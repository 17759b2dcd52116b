namespace MonitorSim.Domain.Monitoring;

/// <summary>Why a device's status changed.</summary>
public enum StatusReason : byte
{
    Registered,
    KeepaliveResumed,
    MissedKeepalives,
    RegistrationExpired,
    PlatformRestarted,
}
