using System.Globalization;

namespace MonitorSim.Domain.Operations.Wire;

/// <summary>A SIP user agent of the tree: its GB/T 28181 code, its address and the User-Agent it announces.</summary>
public sealed record SipEndpoint(DeviceCode Id, string Host, int Port, string UserAgent)
{
    /// <summary>The standard's default SIP port.</summary>
    public const int DefaultPort = 5060;

    /// <summary>Address-of-record URI: <c>sip:&lt;20-digit code&gt;@&lt;10-digit domain&gt;</c>.</summary>
    public string Uri => $"sip:{Id.Value}@{Id.Domain}";

    /// <summary>Contact URI: the code at the transport address.</summary>
    public string ContactUri => string.Create(CultureInfo.InvariantCulture, $"sip:{Id.Value}@{Host}:{Port}");

    /// <summary>
    /// An endpoint on the city's private video network. The address is derived from the code: 10.a.b.c with every
    /// octet in 100–254, so an address is always 14 characters wide, like the codes (an assumption: real
    /// deployments number their own subnets; a fixed width keeps message sizes independent of the device).
    /// </summary>
    public static SipEndpoint For(DeviceCode id, string userAgent, int port = DefaultPort)
    {
        var h = FixedToken.Hash(id.Value, "host");
        var host = string.Create(CultureInfo.InvariantCulture,
            $"10.{100 + (int)(h % 155)}.{100 + (int)(h / 155 % 155)}.{100 + (int)(h / 24_025 % 155)}");
        return new SipEndpoint(id, host, port, userAgent);
    }
}

/// <summary>
/// Identifiers of one SIP transaction (RFC 3261 §8.1.1): Call-ID, the tags of both ends, the Via branch and the CSeq
/// number. Real user agents draw them at random; here they are derived from a seed with fixed widths (10-digit
/// tags, <c>z9hG4bK</c> + 10-digit branch, 10-digit Call-ID at the caller's host) so sizes do not wander.
/// </summary>
public sealed record SipTransaction(string CallId, string FromTag, string ToTag, string Branch, int CSeq)
{
    public static SipTransaction Derive(string seed, SipEndpoint caller, int cseq) => new(
        $"{FixedToken.Digits(seed, "call-id", 10)}@{caller.Host}",
        FixedToken.Digits(seed, "from-tag", 10),
        FixedToken.Digits(seed, "to-tag", 10),
        "z9hG4bK" + FixedToken.Digits(seed, "branch", 10),
        cseq);

    /// <summary>The next request of the same dialog (a re-sent REGISTER): same Call-ID and tags, new branch and CSeq.</summary>
    public SipTransaction Next() => this with
    {
        Branch = "z9hG4bK" + FixedToken.Digits(Branch, "branch", 10),
        CSeq = CSeq + 1,
    };
}

/// <summary>Deterministic stand-ins for random protocol tokens: same seed, same token, always the same width.</summary>
internal static class FixedToken
{
    public static ulong Hash(string seed, string salt)
    {
        // FNV-1a 64: stable across processes, unlike string.GetHashCode.
        var h = 14695981039346656037UL;
        foreach (var c in seed) h = (h ^ c) * 1099511628211UL;
        h = (h ^ '/') * 1099511628211UL;
        foreach (var c in salt) h = (h ^ c) * 1099511628211UL;
        return h;
    }

    /// <summary><paramref name="width"/> decimal digits, the first one non-zero.</summary>
    public static string Digits(string seed, string salt, int width)
    {
        var h = Hash(seed, salt);
        return string.Create(width, h, static (span, state) =>
        {
            var x = state;
            for (var i = 0; i < span.Length; i++)
            {
                x = x * 6364136223846793005UL + 1442695040888963407UL; // one LCG step per digit
                var top = x >> 33;
                span[i] = (char)(i == 0 ? '1' + (int)(top % 9) : '0' + (int)(top % 10));
            }
        });
    }
}
