using MonitorSim.Sip.Transactions;
using MonitorSim.Sip.Transport;

namespace MonitorSim.Sip.Devices;

/// <summary>How a simulated camera population reaches its platform.</summary>
public sealed record SipDevicePoolOptions
{
    /// <summary>The platform's SIP address (<c>udp://HOST:PORT</c> or <c>tcp://HOST:PORT</c>).</summary>
    public required SipTarget Target { get; init; }

    /// <summary>The 10-digit SIP domain the cameras register in (their codes start with it).</summary>
    public required string Domain { get; init; }

    /// <summary>The platform's 20-digit SIP server code; null: the domain + <c>2000000001</c> (type 200, serial 1).</summary>
    public string? ServerId { get; init; }

    /// <summary>The access password every camera answers the digest challenge with.</summary>
    public required string Password { get; init; }

    /// <summary>Cameras in the population (numbered 0 …), at most <see cref="SipDeviceCodes.MaxDevices"/>.</summary>
    public required int Devices { get; init; }

    /// <summary>UDP sockets (or TCP connections) the cameras share.</summary>
    public int Channels { get; init; } = 4;

    /// <summary>Local address to bind; null: loopback for a loopback target, else any (Via then names the routed address).</summary>
    public string? LocalAddress { get; init; }

    public SipTimers Timers { get; init; } = SipTimers.Rfc3261;

    /// <summary>Registration lifetime asked for, seconds (GB/T 28181 §9.1.2: not below 3600 in practice).</summary>
    public int ExpiresSeconds { get; init; } = 3600;

    /// <summary>
    /// When, as a share of the granted lifetime, a camera renews its registration by itself; 0 turns refreshing off
    /// (a workload that drives registrations itself).
    /// </summary>
    public double RefreshAt { get; init; } = 0.8;

    public string UserAgent { get; init; } = "IP Camera";

    /// <summary>Client transactions at once (in flight plus those lingering for timer K).</summary>
    public int TransactionCapacity { get; init; } = 1 << 19;

    /// <summary>Receives one line the first time each kind of problem is met.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>The server code in force.</summary>
    public string EffectiveServerId => ServerId ?? Domain + "2000000001";
}
