using System.Text;
using MonitorSim.Sip.Message;

namespace MonitorSim.Sip.Auth;

/// <summary>The device's side of the digest challenge: answers a <c>WWW-Authenticate</c> with an <c>Authorization</c>.</summary>
public static class DigestClient
{
    /// <summary>
    /// Writes the Authorization value answering <paramref name="challenge"/>; false (nothing written) when the
    /// challenge is not a usable MD5 digest challenge. The parameter order is the one GB/T 28181 devices send.
    /// </summary>
    /// <param name="cnonce">Used only when the challenge offers <c>qop=auth</c> (nc is then 00000001: one use per nonce).</param>
    public static bool TryWriteAuthorization(
        ref SipWriter w, ReadOnlySpan<byte> challenge, ReadOnlySpan<byte> username, ReadOnlySpan<byte> password,
        ReadOnlySpan<byte> method, ReadOnlySpan<byte> uri, ReadOnlySpan<byte> cnonce)
    {
        if (challenge.Length < 7 || !Ascii.EqualsIgnoreCase(challenge[..7], "Digest "u8)) return false;
        if (!SipParams.TryGetAuth(challenge, "realm"u8, out var realm)) return false;
        if (!SipParams.TryGetAuth(challenge, "nonce"u8, out var nonce) || nonce.IsEmpty) return false;
        if (SipParams.TryGetAuth(challenge, "algorithm"u8, out var algorithm) && !Ascii.EqualsIgnoreCase(algorithm, "MD5"u8))
            return false;
        var qop = ReadOnlySpan<byte>.Empty;
        if (SipParams.TryGetAuth(challenge, "qop"u8, out var offered))
        {
            if (!OffersAuth(offered)) return false;
            qop = "auth"u8;
        }
        var hasOpaque = SipParams.TryGetAuth(challenge, "opaque"u8, out var opaque);

        Span<byte> response = stackalloc byte[Digest.HexLength];
        Digest.Response(username, realm, password, method, uri, nonce, qop, "00000001"u8, cnonce, response);

        w.Write("Digest username=\""u8);
        w.Write(username);
        w.Write("\", realm=\""u8);
        w.Write(realm);
        w.Write("\", nonce=\""u8);
        w.Write(nonce);
        w.Write("\", uri=\""u8);
        w.Write(uri);
        w.Write("\", response=\""u8);
        w.Write(response);
        w.Write("\", algorithm=MD5"u8);
        if (!qop.IsEmpty)
        {
            w.Write(", cnonce=\""u8);
            w.Write(cnonce);
            w.Write("\", qop=auth, nc=00000001"u8);
        }
        if (hasOpaque)
        {
            w.Write(", opaque=\""u8);
            w.Write(opaque);
            w.Write((byte)'"');
        }
        return true;
    }

    private static bool OffersAuth(ReadOnlySpan<byte> options)
    {
        foreach (var range in options.Split((byte)','))
        {
            if (Ascii.EqualsIgnoreCase(SipParams.Trim(options[range]), "auth"u8)) return true;
        }
        return false;
    }
}
