using MonitorSim.Sip.Transport;

namespace MonitorSim.Load.Scenarios;

/// <summary>
/// <c>monitoring: { sip: { listen: …, domain: …, password_env: … } }</c>: where the tree's platforms take SIP, the domain
/// (digest realm) devices register in, and the variable holding the password they must answer with.
/// </summary>
public sealed record SipFrontDoorSpec(SipTarget Listen, string Domain, string PasswordEnv)
{
    /// <summary>Xuzhou's domain, whose camera codes are the replay logs' (<c>32030000001320</c> + camera index).</summary>
    public const string DefaultDomain = "3203000000";

    public const string DefaultPasswordEnv = "MONITORSIM_SIP_PASSWORD";
}
