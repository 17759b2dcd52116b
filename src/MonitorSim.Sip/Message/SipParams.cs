using System.Buffers.Text;
using System.Text;

namespace MonitorSim.Sip.Message;

/// <summary>
/// Reads parts of header values without copying: <c>;name=value</c> parameters (outside a name-addr's angle brackets
/// and quoted strings), the user part of a SIP URI, comma-separated <c>name="value"</c> digest parameters.
/// </summary>
public static class SipParams
{
    /// <summary>
    /// Finds parameter <paramref name="name"/> (case-insensitive) among the <c>;</c>-separated parameters of a Via,
    /// From, To or Contact value; a parameter without <c>=</c> (rport) is found with an empty value.
    /// </summary>
    public static bool TryGet(ReadOnlySpan<byte> value, ReadOnlySpan<byte> name, out ReadOnlySpan<byte> found)
    {
        found = default;
        var i = 0;
        while (i < value.Length)
        {
            // Advance to the next ';' that is outside <...> and "...".
            var c = value[i];
            if (c == '<') { i = SkipPast(value, i + 1, (byte)'>'); continue; }
            if (c == '"') { i = SkipQuoted(value, i + 1); continue; }
            if (c == ',') return false; // the next value of a list header: not ours
            i++;
            if (c != ';') continue;
            var end = i;
            while (end < value.Length && value[end] is not (byte)';' and not (byte)',') end++;
            var param = value[i..end];
            var eq = param.IndexOf((byte)'=');
            var key = Trim(eq < 0 ? param : param[..eq]);
            if (Ascii.EqualsIgnoreCase(key, name))
            {
                found = eq < 0 ? default : Unquote(Trim(param[(eq + 1)..]));
                return true;
            }
            i = end;
        }
        return false;
    }

    /// <summary>
    /// Finds <paramref name="name"/> in a credentials or challenge value (<c>Digest realm="…", nonce="…", qop=auth</c>),
    /// unquoted. Parameter names are case-insensitive (RFC 2617 §1.2).
    /// </summary>
    public static bool TryGetAuth(ReadOnlySpan<byte> value, ReadOnlySpan<byte> name, out ReadOnlySpan<byte> found)
    {
        found = default;
        var space = value.IndexOfAny((byte)' ', (byte)'\t');
        if (space < 0) return false;
        var i = space + 1;
        while (i < value.Length)
        {
            while (i < value.Length && IsSpaceOrComma(value[i])) i++;
            var keyStart = i;
            while (i < value.Length && value[i] is not (byte)'=' and not (byte)',') i++;
            var key = Trim(value[keyStart..i]);
            if (i >= value.Length || value[i] == ',') continue;
            i++; // '='
            while (i < value.Length && IsSpace(value[i])) i++;
            ReadOnlySpan<byte> v;
            if (i < value.Length && value[i] == '"')
            {
                var close = SkipQuoted(value, i + 1);
                v = value[(i + 1)..Math.Max(i + 1, close - 1)];
                i = close;
            }
            else
            {
                var start = i;
                while (i < value.Length && value[i] != ',') i++;
                v = Trim(value[start..i]);
            }
            if (Ascii.EqualsIgnoreCase(key, name))
            {
                found = v;
                return true;
            }
        }
        return false;
    }

    /// <summary>The user part of the first <c>sip:</c>/<c>sips:</c> URI in <paramref name="value"/> (empty when none).</summary>
    public static ReadOnlySpan<byte> UriUser(ReadOnlySpan<byte> value)
    {
        var at = IndexOfIgnoreCase(value, "sip:"u8);
        var skip = 4;
        var sips = IndexOfIgnoreCase(value, "sips:"u8);
        if (sips >= 0 && (at < 0 || sips < at)) { at = sips; skip = 5; }
        if (at < 0) return default;
        var rest = value[(at + skip)..];
        var end = rest.IndexOfAny("@>;"u8);
        return end >= 0 && rest[end] == '@' ? rest[..end] : default;
    }

    /// <summary>A non-negative decimal number that is the whole of <paramref name="digits"/>; -1 otherwise.</summary>
    public static int ParseInt(ReadOnlySpan<byte> digits) =>
        Utf8Parser.TryParse(digits, out int v, out var used) && used == digits.Length && used > 0 && v >= 0 ? v : -1;

    /// <summary>Cuts leading and trailing SP, HT, CR and LF (folded lines keep their CRLF inside a value).</summary>
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s)
    {
        var a = 0;
        var b = s.Length;
        while (a < b && IsLws(s[a])) a++;
        while (b > a && IsLws(s[b - 1])) b--;
        return s[a..b];
    }

    internal static bool IsLws(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private static bool IsSpaceOrComma(byte c) => c == ',' || IsSpace(c);

    private static ReadOnlySpan<byte> Unquote(ReadOnlySpan<byte> s) =>
        s.Length >= 2 && s[0] == '"' && s[^1] == '"' ? s[1..^1] : s;

    private static int SkipPast(ReadOnlySpan<byte> s, int from, byte close)
    {
        var at = s[from..].IndexOf(close);
        return at < 0 ? s.Length : from + at + 1;
    }

    /// <summary>The index after the closing quote of a quoted string whose opening quote is at <paramref name="from"/> − 1.</summary>
    private static int SkipQuoted(ReadOnlySpan<byte> s, int from)
    {
        for (var i = from; i < s.Length; i++)
        {
            if (s[i] == '\\') { i++; continue; }
            if (s[i] == '"') return i + 1;
        }
        return s.Length;
    }

    private static int IndexOfIgnoreCase(ReadOnlySpan<byte> s, ReadOnlySpan<byte> lowerNeedle)
    {
        for (var i = 0; i + lowerNeedle.Length <= s.Length; i++)
        {
            if (Ascii.EqualsIgnoreCase(s.Slice(i, lowerNeedle.Length), lowerNeedle)) return i;
        }
        return -1;
    }
}
