namespace MonitorSim.Sip.Auth;

/// <summary>What a registrar found checking a REGISTER's digest credentials.</summary>
public enum DigestCheck : byte
{
    Ok,
    /// <summary>No Authorization, or not a digest with username, realm, nonce, uri and response.</summary>
    Missing,
    /// <summary>The username is not the device code the REGISTER is for.</summary>
    WrongUser,
    WrongRealm,
    /// <summary>A nonce of ours, but too old: challenged again with <c>stale=true</c>.</summary>
    StaleNonce,
    /// <summary>A nonce this registrar never issued.</summary>
    BadNonce,
    /// <summary>The response does not match the password.</summary>
    BadResponse,
}
