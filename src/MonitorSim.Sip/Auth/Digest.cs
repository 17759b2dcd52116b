using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace MonitorSim.Sip.Auth;

/// <summary>
/// HTTP digest as SIP uses it (RFC 2617 §3.2.2, RFC 3261 §22.4), MD5 only, computed in place:
/// HA1 = MD5(username ":" realm ":" password), HA2 = MD5(method ":" digest-uri);
/// response = MD5(HA1 ":" nonce ":" HA2) without qop (how most GB/T 28181 devices and platforms do it), or
/// MD5(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" HA2) with <c>qop=auth</c>. Every value is lower-case hex.
/// </summary>
public static class Digest
{
    /// <summary>Hex digits of an MD5 digest.</summary>
    public const int HexLength = 32;

    /// <summary>Writes the 32 hex digits of the request-digest into <paramref name="response"/>.</summary>
    /// <param name="qop">Empty for the RFC 2069 form, else <c>auth</c> (then <paramref name="nc"/> and <paramref name="cnonce"/> count).</param>
    public static void Response(
        ReadOnlySpan<byte> username, ReadOnlySpan<byte> realm, ReadOnlySpan<byte> password,
        ReadOnlySpan<byte> method, ReadOnlySpan<byte> uri, ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> qop, ReadOnlySpan<byte> nc, ReadOnlySpan<byte> cnonce, Span<byte> response)
    {
        Span<byte> ha1 = stackalloc byte[HexLength];
        Span<byte> ha2 = stackalloc byte[HexLength];
        Md5Hex(ha1, 3, username, realm, password);
        Md5Hex(ha2, 2, method, uri);
        if (qop.IsEmpty) Md5Hex(response, 3, ha1, nonce, ha2);
        else Md5Hex(response, 6, ha1, nonce, nc, cnonce, qop, ha2);
    }

    /// <summary>MD5 of the parts joined with <c>:</c>, as lower-case hex.</summary>
    [SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms",
        Justification = "The digest is the protocol's: RFC 2617 and GB/T 28181 devices answer MD5 challenges only.")]
    internal static void Md5Hex(Span<byte> hex, int parts, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b,
        ReadOnlySpan<byte> c = default, ReadOnlySpan<byte> d = default, ReadOnlySpan<byte> e = default,
        ReadOnlySpan<byte> f = default)
    {
        var total = a.Length + b.Length + c.Length + d.Length + e.Length + f.Length + parts - 1;
        var joined = total <= 512 ? stackalloc byte[512] : new byte[total];
        var n = 0;
        Append(joined, ref n, a);
        Append(joined, ref n, b, true);
        if (parts >= 3) Append(joined, ref n, c, true);
        if (parts == 6)
        {
            Append(joined, ref n, d, true);
            Append(joined, ref n, e, true);
            Append(joined, ref n, f, true);
        }
        Span<byte> digest = stackalloc byte[16];
        MD5.HashData(joined[..n], digest);
        ToHex(digest, hex);
    }

    /// <summary>Lower-case hex of <paramref name="bytes"/> into <paramref name="hex"/> (twice as long).</summary>
    internal static void ToHex(ReadOnlySpan<byte> bytes, Span<byte> hex)
    {
        const string digits = "0123456789abcdef";
        for (var i = 0; i < bytes.Length; i++)
        {
            hex[2 * i] = (byte)digits[bytes[i] >> 4];
            hex[2 * i + 1] = (byte)digits[bytes[i] & 0xF];
        }
    }

    private static void Append(Span<byte> to, ref int n, ReadOnlySpan<byte> part, bool colon = false)
    {
        if (colon) to[n++] = (byte)':';
        part.CopyTo(to[n..]);
        n += part.Length;
    }
}
