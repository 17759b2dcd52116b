namespace MonitorSim.Domain.Monitoring;

/// <summary>What a platform answers to a keepalive.</summary>
public enum KeepaliveVerdict : byte
{
    /// <summary>Known, registered device: liveness refreshed.</summary>
    Accepted,
    /// <summary>Accepted and the device came back online (only with <see cref="MonitoringRules.OnlineOnKeepalive"/>).</summary>
    AcceptedBackOnline,
    /// <summary>The device has no valid registration here (never registered, lapsed, offline, or the platform restarted): it must REGISTER.</summary>
    NotRegistered,
}
