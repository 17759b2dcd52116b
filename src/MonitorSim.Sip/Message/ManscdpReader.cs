using System.Buffers;

namespace MonitorSim.Sip.Message;

/// <summary>
/// Reads the few fields of a MANSCDP body (GB/T 28181-2016 appendix A) an endpoint acts on, in place: the root
/// (<c>Query</c>, <c>Notify</c>, <c>Response</c>, <c>Control</c>), CmdType, SN, DeviceID, SumNum, and how many
/// <c>Item</c>s a catalog page carries. Not a general XML parser: MANSCDP bodies are flat and unescaped where these
/// fields are.
/// </summary>
public static class ManscdpReader
{
    /// <summary>What ends an element's name: white space, the tag's end, or a self-closing slash.</summary>
    private static readonly SearchValues<byte> NameEnd = SearchValues.Create(" >/\t\r\n"u8);

    /// <summary>The root element's name, after the XML prolog (empty when there is none).</summary>
    public static ReadOnlySpan<byte> Root(ReadOnlySpan<byte> body)
    {
        var i = 0;
        while (true)
        {
            var open = body[i..].IndexOf((byte)'<');
            if (open < 0) return default;
            i += open + 1;
            if (i >= body.Length) return default;
            if (body[i] is (byte)'?' or (byte)'!')
            {
                var close = body[i..].IndexOf((byte)'>');
                if (close < 0) return default;
                i += close + 1;
                continue;
            }
            var end = body[i..].IndexOfAny(NameEnd);
            return end <= 0 ? default : body.Slice(i, end);
        }
    }

    /// <summary>The text of the first <c>&lt;name&gt;…&lt;/name&gt;</c> element, trimmed (empty when absent).</summary>
    public static ReadOnlySpan<byte> Element(ReadOnlySpan<byte> body, ReadOnlySpan<byte> name)
    {
        for (var from = 0; from < body.Length;)
        {
            var at = body[from..].IndexOf(name);
            if (at < 0) return default;
            at += from;
            var after = at + name.Length;
            if (at > 0 && body[at - 1] == '<' && after < body.Length && body[after] == '>')
            {
                var text = body[(after + 1)..];
                var close = text.IndexOf("</"u8);
                return close < 0 ? default : SipParams.Trim(text[..close]);
            }
            from = after;
        }
        return default;
    }

    /// <summary>The SN, or -1 when missing or not a number.</summary>
    public static int Sn(ReadOnlySpan<byte> body) => SipParams.ParseInt(Element(body, "SN"u8));

    /// <summary>How many <c>&lt;Item&gt;</c> elements the body holds.</summary>
    public static int ItemCount(ReadOnlySpan<byte> body)
    {
        var count = 0;
        for (var rest = body; ;)
        {
            var at = rest.IndexOf("<Item>"u8);
            if (at < 0) return count;
            count++;
            rest = rest[(at + 6)..];
        }
    }
}
