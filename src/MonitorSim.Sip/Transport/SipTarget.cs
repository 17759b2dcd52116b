using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MonitorSim.Sip.Transport;

/// <summary>A SIP address as scenarios write it: <c>udp://HOST:PORT</c> or <c>tcp://HOST:PORT</c>.</summary>
public sealed record SipTarget(SipTransportKind Transport, string Host, int Port)
{
    /// <summary>Reads <paramref name="text"/>; false with a message saying what is wrong.</summary>
    public static bool TryParse(string? text, out SipTarget? target, out string error)
    {
        target = null;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "a SIP address is udp://HOST:PORT or tcp://HOST:PORT, got nothing";
            return false;
        }
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        var kind = scheme < 0 ? (SipTransportKind?)null : text[..scheme].ToLowerInvariant() switch
        {
            "udp" => SipTransportKind.Udp,
            "tcp" => SipTransportKind.Tcp,
            _ => null,
        };
        var rest = scheme < 0 ? "" : text[(scheme + 3)..];
        var colon = rest.LastIndexOf(':');
        if (kind is null || colon <= 0
            || !int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 0 or > 65535)
        {
            error = $"a SIP address is udp://HOST:PORT or tcp://HOST:PORT, got '{text}'";
            return false;
        }
        var host = rest[..colon].Trim('[', ']');
        target = new SipTarget(kind.Value, host, port);
        return true;
    }

    /// <summary>Reads <paramref name="text"/> or throws <see cref="FormatException"/>.</summary>
    public static SipTarget Parse(string text) =>
        TryParse(text, out var target, out var error) ? target! : throw new FormatException(error);

    /// <summary>The address to send to or bind (an IP literal, else the host's first IPv4 address).</summary>
    public IPEndPoint Resolve()
    {
        if (IPAddress.TryParse(Host, out var ip)) return new IPEndPoint(ip, Port);
        var addresses = Dns.GetHostAddresses(Host);
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new FormatException($"SIP host '{Host}' has no address");
        return new IPEndPoint(chosen, Port);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(Transport == SipTransportKind.Udp ? "udp" : "tcp")}://{Host}:{Port}");
}
