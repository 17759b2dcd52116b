using MonitorSim.Sip.Transactions;
using MonitorSim.Sip.Transport;

namespace MonitorSim.Sip.Platform;

/// <summary>How a SIP platform (registrar and MANSCDP server) listens and whom it lets in.</summary>
public sealed record SipPlatformOptions
{
    /// <summary>Where to listen: <c>udp://127.0.0.1:5060</c>, <c>tcp://0.0.0.0:5060</c>; port 0 picks a free one.</summary>
    public required SipTarget Listen { get; init; }

    /// <summary>The platform's 10-digit SIP domain: the digest realm.</summary>
    public required string Domain { get; init; }

    /// <summary>The platform's 20-digit SIP server code; null: the domain + <c>2000000001</c>.</summary>
    public string? ServerId { get; init; }

    /// <summary>The access password devices must answer the challenge with.</summary>
    public required string Password { get; init; }

    public SipTimers Timers { get; init; } = SipTimers.Rfc3261;

    /// <summary>How long a challenge may be answered.</summary>
    public TimeSpan NonceLifetime { get; init; } = TimeSpan.FromMinutes(5);

    public string UserAgent { get; init; } = "VMS-Platform/3.2.0";

    /// <summary>Client transactions at once (the platform's queries and alarm answers).</summary>
    public int TransactionCapacity { get; init; } = 1 << 17;

    /// <summary>Receives one line the first time each kind of problem is met.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>The server code in force.</summary>
    public string EffectiveServerId => ServerId ?? Domain + "2000000001";
}
