using MonitorSim.Sip.Transport;

namespace MonitorSim.Load.Scenarios;

/// <summary>
/// A stream's <c>target: { sip: …, domain: …, password_env: … }</c>: its camera operations go as GB/T 28181 SIP to a
/// platform at <paramref name="Address"/> instead of into the in-cluster tree. Every stream naming the same target
/// drives the same simulated camera population (camera <c>i</c> of the topology is device <c>DOMAIN 1320 i</c>).
/// </summary>
/// <param name="Domain">The 10-digit SIP domain the cameras register in.</param>
/// <param name="ServerId">The platform's 20-digit SIP server code; null: the domain + <c>2000000001</c>.</param>
/// <param name="PasswordEnv">The environment variable holding the access password (never written in the scenario).</param>
/// <param name="Channels">UDP sockets or TCP connections the cameras share.</param>
public sealed record SipTargetSpec(SipTarget Address, string Domain, string? ServerId, string PasswordEnv, int Channels = 4);
