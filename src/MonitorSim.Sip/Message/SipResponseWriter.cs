using System.Text;

namespace MonitorSim.Sip.Message;

/// <summary>
/// Writes a response to a parsed request as RFC 3261 §8.2.6 asks: every Via copied in order, the top one with the
/// source port filled into <c>rport</c> and the source address as <c>received</c> (RFC 3581), From, Call-ID and
/// CSeq copied, To copied and tagged. The tag is derived from the request's Call-ID and From tag, so a request
/// retransmitted to a stateless server gets the same answer.
/// </summary>
public static class SipResponseWriter
{
    /// <summary>Writes a body-less response; <paramref name="extraHeaders"/> are whole header lines (CRLF-ended).</summary>
    public static void Write(
        ref SipWriter w, in SipMessage request, int status, ReadOnlySpan<byte> receivedHost, int receivedPort,
        ReadOnlySpan<byte> userAgent, ReadOnlySpan<byte> extraHeaders = default)
    {
        w.Write("SIP/2.0 "u8);
        w.Number(status);
        w.Write((byte)' ');
        w.Write(SipStatus.Reason(status));
        w.Crlf();
        TopVia(ref w, request[SipHeader.Via], receivedHost, receivedPort);
        if (request.ViaCount > 1) OtherVias(ref w, request.Head);
        w.Header("From"u8, request[SipHeader.From]);
        w.HeaderName("To"u8);
        w.Write(request[SipHeader.To]);
        if (request.ToTag.IsEmpty && status > 100)
        {
            w.Write(";tag="u8);
            Span<byte> tag = stackalloc byte[ToTagDigits];
            DeriveToTag(request.CallId, request.FromTag, tag);
            w.Write(tag);
        }
        w.Crlf();
        w.Header("Call-ID"u8, request.CallId);
        w.Header("CSeq"u8, request[SipHeader.CSeq]);
        w.Write(extraHeaders);
        if (!userAgent.IsEmpty) w.Header("User-Agent"u8, userAgent);
        w.Write("Content-Length: 0\r\n\r\n"u8);
    }

    /// <summary>Width of the To tags this stack puts on responses.</summary>
    public const int ToTagDigits = 10;

    /// <summary>A 10-digit tag from the Call-ID and From tag (FNV-1a): the same request always gets the same tag.</summary>
    public static void DeriveToTag(ReadOnlySpan<byte> callId, ReadOnlySpan<byte> fromTag, Span<byte> tag)
    {
        var h = Fnv.Hash(callId, Fnv.Hash(fromTag, Fnv.Offset));
        for (var i = 0; i < tag.Length; i++)
        {
            h = h * 6364136223846793005UL + 1442695040888963407UL;
            var digit = (int)((h >> 33) % (i == 0 ? 9UL : 10UL));
            tag[i] = (byte)((i == 0 ? '1' : '0') + digit);
        }
    }

    private static void TopVia(ref SipWriter w, ReadOnlySpan<byte> via, ReadOnlySpan<byte> host, int port)
    {
        w.HeaderName("Via"u8);
        var at = RportWithoutValue(via);
        if (at >= 0)
        {
            w.Write(via[..at]);
            w.Write((byte)'=');
            w.Number(port);
            w.Write(";received="u8);
            w.Write(host);
            w.Write(via[at..]);
        }
        else
        {
            w.Write(via);
            w.Write(";received="u8);
            w.Write(host);
        }
        w.Crlf();
    }

    /// <summary>The index just after a bare <c>;rport</c> parameter (one without a value), or -1.</summary>
    private static int RportWithoutValue(ReadOnlySpan<byte> via)
    {
        for (var i = via.IndexOf((byte)';'); i >= 0 && i < via.Length;)
        {
            var end = i + 1 + "rport".Length;
            if (end <= via.Length && Ascii.EqualsIgnoreCase(via[(i + 1)..end], "rport"u8)
                && (end == via.Length || via[end] is (byte)';' or (byte)' ' or (byte)'\t'))
                return end;
            var next = via[(i + 1)..].IndexOf((byte)';');
            i = next < 0 ? -1 : i + 1 + next;
        }
        return -1;
    }

    /// <summary>Copies every Via value after the top one, each on its own line, in the order they came.</summary>
    private static void OtherVias(ref SipWriter w, ReadOnlySpan<byte> head)
    {
        var first = true;
        var pos = head.IndexOf("\r\n"u8) + 2;
        while (pos < head.Length - 2)
        {
            var end = head[pos..].IndexOf("\r\n"u8) + pos;
            var line = head[pos..end];
            pos = end + 2;
            var colon = line.IndexOf((byte)':');
            if (colon <= 0) continue;
            var name = SipParams.Trim(line[..colon]);
            if (!Ascii.EqualsIgnoreCase(name, "Via"u8) && !Ascii.EqualsIgnoreCase(name, "v"u8)) continue;
            var values = SipParams.Trim(line[(colon + 1)..]);
            for (var from = 0; from < values.Length;)
            {
                var comma = SipParser.NextComma(values, from);
                var value = SipParams.Trim(values[from..comma]);
                from = comma + 1;
                if (first) { first = false; continue; }
                w.Header("Via"u8, value);
            }
        }
    }
}
