using System.Security.Cryptography;
using MonitorSim.Sip.Message;

namespace MonitorSim.Sip.Auth;

/// <summary>The registrar's side of the digest challenge: writes challenges and verifies credentials.</summary>
public static class DigestServer
{
    /// <summary>Writes a WWW-Authenticate header line (CRLF-ended) with a fresh nonce.</summary>
    public static void WriteChallenge(ref SipWriter w, ReadOnlySpan<byte> realm, NonceIssuer nonces, long now, bool stale)
    {
        Span<byte> nonce = stackalloc byte[NonceIssuer.Length];
        nonces.Issue(now, nonce);
        w.Write("WWW-Authenticate: Digest realm=\""u8);
        w.Write(realm);
        w.Write("\", nonce=\""u8);
        w.Write(nonce);
        w.Write(stale ? "\", stale=true, algorithm=MD5\r\n"u8 : "\", algorithm=MD5\r\n"u8);
    }

    /// <summary>
    /// Checks an Authorization value for <paramref name="method"/>: the username must be <paramref name="user"/> (the
    /// device code in From), the realm ours, the nonce ours and fresh, and the response computed with
    /// <paramref name="password"/> over the uri the client names.
    /// </summary>
    public static DigestCheck Verify(
        ReadOnlySpan<byte> authorization, ReadOnlySpan<byte> method, ReadOnlySpan<byte> user, ReadOnlySpan<byte> realm,
        ReadOnlySpan<byte> password, NonceIssuer nonces, long now)
    {
        if (authorization.Length < 7 || !System.Text.Ascii.EqualsIgnoreCase(authorization[..7], "Digest "u8))
            return DigestCheck.Missing;
        if (!SipParams.TryGetAuth(authorization, "username"u8, out var username)
            || !SipParams.TryGetAuth(authorization, "realm"u8, out var theirRealm)
            || !SipParams.TryGetAuth(authorization, "nonce"u8, out var nonce)
            || !SipParams.TryGetAuth(authorization, "uri"u8, out var uri)
            || !SipParams.TryGetAuth(authorization, "response"u8, out var response)
            || response.Length != Digest.HexLength)
            return DigestCheck.Missing;
        if (!username.SequenceEqual(user)) return DigestCheck.WrongUser;
        if (!theirRealm.SequenceEqual(realm)) return DigestCheck.WrongRealm;
        var fresh = nonces.Check(nonce, now);
        if (fresh != DigestCheck.Ok) return fresh;
        SipParams.TryGetAuth(authorization, "qop"u8, out var qop);
        SipParams.TryGetAuth(authorization, "nc"u8, out var nc);
        SipParams.TryGetAuth(authorization, "cnonce"u8, out var cnonce);
        Span<byte> expected = stackalloc byte[Digest.HexLength];
        Digest.Response(username, realm, password, method, uri, nonce, qop, nc, cnonce, expected);
        Span<byte> lower = stackalloc byte[Digest.HexLength];
        System.Text.Ascii.ToLower(response, lower, out _);
        return CryptographicOperations.FixedTimeEquals(expected, lower) ? DigestCheck.Ok : DigestCheck.BadResponse;
    }
}
