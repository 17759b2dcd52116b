namespace MonitorSim.Domain.Monitoring;

/// <summary>GB/T 28181 liveness rules a platform applies to the devices registered with it (all times are sim time).</summary>
/// <param name="KeepaliveInterval">Devices send a keepalive this often (standard: 60 s).</param>
/// <param name="OfflineAfterMissed">A device is marked offline after this many missed keepalives (standard: 3).</param>
/// <param name="RegistrationExpiry">A registration lapses this long after it was made unless refreshed (≥ 3,600 s).</param>
/// <param name="OnlineOnKeepalive">Some deployments bring a device back online on any keepalive instead of requiring a new REGISTER.</param>
/// <param name="AlarmClearAfter">How long an alarm stays active before its condition is resolved (staff back at the desk, queue drained).</param>
/// <param name="DetectionsFileClues">The city files what the tree detects of inaction — staff leaving early, a desk unattended
/// in office hours — as clues for the supervision workflows (the seed's "technology" channel), one per service point, kind
/// and day. Off by default: it adds journal writes to the alarm path, which a pure monitoring run should not pay.</param>
public sealed record MonitoringRules(
    TimeSpan KeepaliveInterval,
    int OfflineAfterMissed,
    TimeSpan RegistrationExpiry,
    bool OnlineOnKeepalive,
    TimeSpan AlarmClearAfter,
    bool DetectionsFileClues = false)
{
    /// <summary>The standard's defaults: keepalive 60 s, offline after 3 missed, expiry 3,600 s, re-register to come back.</summary>
    public static MonitoringRules Standard { get; } = new(TimeSpan.FromSeconds(60), 3, TimeSpan.FromSeconds(3600), false, TimeSpan.FromMinutes(10));

    /// <summary>Silence longer than this marks a device offline.</summary>
    public TimeSpan OfflineAfter => KeepaliveInterval * OfflineAfterMissed;
}
