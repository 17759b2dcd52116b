namespace MonitorSim.Sip.Platform;

/// <summary>
/// What a platform consults once the SIP side is settled (credentials verified, duplicates dropped): whether to take a
/// registration, keepalive or alarm. An answer that is not ready at once (a model that must ask its tree) is awaited,
/// and the SIP answer goes out when it is. The platform's own registrar runs either way.
/// </summary>
public interface ISipPlatformBackend
{
    /// <summary>A device registered (<paramref name="expiresSeconds"/> &gt; 0) or unregistered (0); false answers 403.</summary>
    ValueTask<bool> RegisterAsync(string device, int expiresSeconds);

    /// <summary>A registered device's keepalive; false answers 403.</summary>
    ValueTask<bool> KeepaliveAsync(string device);

    /// <summary>An alarm (already answered 200); true sends the alarm notify answer back to the device.</summary>
    ValueTask<bool> AlarmAsync(string device, int sn, ReadOnlyMemory<byte> body);
}
