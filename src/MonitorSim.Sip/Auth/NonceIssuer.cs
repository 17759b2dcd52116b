using System.Diagnostics;
using System.Security.Cryptography;

namespace MonitorSim.Sip.Auth;

/// <summary>
/// Issues and checks server nonces without remembering them, so a registrar's memory does not grow with the devices it
/// challenges: a nonce is the issue time (8 hex digits of seconds since the issuer started) followed by 24 hex digits
/// of HMAC-SHA256(secret, time), i.e. 32 hex digits like an MD5. A nonce verifies if its MAC does and it is younger than
/// <see cref="Lifetime"/>; older ones are answered <c>stale=true</c> (RFC 2617 §3.2.1).
/// </summary>
public sealed class NonceIssuer
{
    /// <summary>Characters of a nonce.</summary>
    public const int Length = 32;

    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(16);
    private readonly long _start = Stopwatch.GetTimestamp();

    public NonceIssuer(TimeSpan lifetime) => Lifetime = lifetime;

    /// <summary>How long a nonce may be answered.</summary>
    public TimeSpan Lifetime { get; }

    /// <summary>Writes a fresh nonce (32 characters) into <paramref name="nonce"/>.</summary>
    public void Issue(long now, Span<byte> nonce)
    {
        var seconds = (uint)((now - _start) / Stopwatch.Frequency);
        Span<byte> time = stackalloc byte[8];
        for (var i = 7; i >= 0; i--, seconds >>= 4) time[i] = (byte)"0123456789abcdef"[(int)(seconds & 0xF)];
        time.CopyTo(nonce);
        Mac(time, nonce[8..Length]);
    }

    /// <summary>Whether <paramref name="nonce"/> is one of ours and still young enough.</summary>
    public DigestCheck Check(ReadOnlySpan<byte> nonce, long now)
    {
        if (nonce.Length != Length) return DigestCheck.BadNonce;
        Span<byte> mac = stackalloc byte[Length - 8];
        Mac(nonce[..8], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, nonce[8..])) return DigestCheck.BadNonce;
        if (!uint.TryParse(nonce[..8], System.Globalization.NumberStyles.AllowHexSpecifier, null, out var issued))
            return DigestCheck.BadNonce;
        var age = (now - _start) / (double)Stopwatch.Frequency - issued;
        return age <= Lifetime.TotalSeconds ? DigestCheck.Ok : DigestCheck.StaleNonce;
    }

    private void Mac(ReadOnlySpan<byte> time, Span<byte> hex24)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_secret, time, mac);
        Digest.ToHex(mac[..12], hex24);
    }
}
