namespace MonitorSim.Load.Scenarios;

/// <summary>The tree's protocol timers (the scenario's <c>monitoring</c> section), as GB/T 28181 is run: docs/domain.md#protocol-behaviour.</summary>
public sealed record MonitoringSpec
{
    /// <summary>The defaults: 60 s keepalives, offline after 3 missed, 3,600 s registration expiry.</summary>
    public static MonitoringSpec Default { get; } = new();

    /// <summary>How often a camera sends a keepalive (sim time).</summary>
    public TimeSpan KeepaliveInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Missed keepalives after which the platform marks a camera offline.</summary>
    public int OfflineAfterMissed { get; init; } = 3;

    /// <summary>How long a registration lasts before it must be refreshed (sim time).</summary>
    public TimeSpan RegistrationExpiry { get; init; } = TimeSpan.FromSeconds(3600);

    /// <summary>Whether any keepalive brings an offline camera back online (some deployments), instead of requiring a new REGISTER.</summary>
    public bool OnlineOnKeepalive { get; init; }

    /// <summary>How often platforms look for cameras that missed their keepalives (sim time).</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Upper bound of the random delay before a camera re-registers after an outage; spreads the storm (sim time).</summary>
    public TimeSpan ReregisterJitter { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// T1 of a camera's SIP transaction (wall time): GB/T 28181 devices send alarms as SIP MESSAGEs, over UDP by default,
    /// and re-send one that is not answered after T1, 2·T1, 4·T1 … (at most 4 s apart), giving up after 64·T1 (RFC 3261
    /// timers E and F). The tree drops such duplicates, so an alarm is delivered at least once and stored once.
    /// <see cref="TimeSpan.Zero"/> turns re-sending off (SIP over TCP).
    /// </summary>
    public TimeSpan AlarmRetransmit { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long an alarm stays active before its condition is resolved (sim time; <c>alarm_clear_after</c>, 10 min
    /// by default, an assumption: docs/domain.md#figures-the-scenarios-use). A platform clears it at that time (a timer set for
    /// its oldest active alarm), and records the clearance in its journal.</summary>
    public TimeSpan AlarmClearAfter { get; init; } = Domain.Monitoring.MonitoringRules.Standard.AlarmClearAfter;

    /// <summary>The city files the tree's detections of inaction (early leave, desk unattended) as clues for the
    /// supervision workflows, one per point, kind and day (<c>detections_file_clues</c>; off by default).</summary>
    public bool DetectionsFileClues { get; init; }

    /// <summary>The tree's SIP front door (<c>sip: { listen: "udp://127.0.0.1:5060" }</c>): GB/T 28181 devices register,
    /// keep alive and raise alarms there as at a real platform; null: the tree speaks no SIP.</summary>
    public SipFrontDoorSpec? Sip { get; init; }
}
