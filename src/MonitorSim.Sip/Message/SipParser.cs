using System.Buffers.Text;
using System.Text;

namespace MonitorSim.Sip.Message;

/// <summary>
/// Parses one SIP message (RFC 3261 §7) from a datagram or the front of a stream without allocating: the start line,
/// the headers a transaction and a GB/T 28181 exchange need (long and compact names, folded lines, the top Via of a
/// comma list), the mandatory-header checks of §8.1.1 and the body by Content-Length (§18.3: a datagram may omit it,
/// a stream may not).
/// </summary>
public static class SipParser
{
    /// <summary>The largest message accepted (a UDP datagram's limit; GB/T 28181 catalog pages stay far below).</summary>
    public const int MaxMessageBytes = 65_535;

    /// <summary>Parses the message at the start of <paramref name="data"/>.</summary>
    /// <param name="stream">True for TCP: a missing body part means "read more", and Content-Length is required.</param>
    /// <returns><see cref="SipProblem.None"/> when <paramref name="message"/> is valid, else why not.</returns>
    public static SipProblem Parse(ReadOnlySpan<byte> data, bool stream, out SipMessage message)
    {
        message = default;
        var problem = ParseLayout(data, stream, out var layout);
        if (problem == SipProblem.None) message = new SipMessage(data, layout);
        return problem;
    }

    /// <summary>Bytes of blank lines (CRLF keep-alives, RFC 5626 §3.5.1) at the front of a stream.</summary>
    public static int LeadingBlankLines(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i + 1 < data.Length && data[i] == '\r' && data[i + 1] == '\n') i += 2;
        return i;
    }

    private static SipProblem ParseLayout(ReadOnlySpan<byte> data, bool stream, out SipLayout m)
    {
        m = default;
        for (var h = 0; h < SipLayout.HeaderCount; h++) m.Headers[h] = Seg.None;
        var start = LeadingBlankLines(data);
        if (start >= data.Length) return stream ? SipProblem.Incomplete : SipProblem.Empty;
        m.Start = start;
        var headEnd = data[start..].IndexOf("\r\n\r\n"u8);
        if (headEnd < 0)
        {
            if (data.Length - start > MaxMessageBytes) return SipProblem.TooLarge;
            return stream ? SipProblem.Incomplete : SipProblem.NoHeadEnd;
        }
        headEnd += start;
        var bodyStart = headEnd + 4;

        var lineEnd = data[start..].IndexOf("\r\n"u8) + start;
        var problem = StartLine(data, start, lineEnd, ref m);
        if (problem != SipProblem.None) return problem;

        problem = Headers(data, lineEnd + 2, headEnd + 2, ref m);
        if (problem != SipProblem.None) return problem;
        problem = Mandatory(data, ref m);
        if (problem != SipProblem.None) return problem;

        int bodyLength;
        var lengthSeg = m.Headers[(int)SipHeader.ContentLength];
        if (lengthSeg.Length >= 0)
        {
            if (!SipMessage.TryParseLength(lengthSeg.Of(data), out bodyLength) || bodyLength > MaxMessageBytes)
                return SipProblem.BadContentLength;
            if (data.Length < bodyStart + bodyLength) return stream ? SipProblem.Incomplete : SipProblem.BodyTruncated;
        }
        else
        {
            if (stream) return SipProblem.MissingContentLength;
            bodyLength = data.Length - bodyStart;
        }
        m.Body = new Seg(bodyStart, bodyLength);
        m.Length = bodyStart + bodyLength;
        return SipProblem.None;
    }

    private static SipProblem StartLine(ReadOnlySpan<byte> data, int start, int end, ref SipLayout m)
    {
        var line = data[start..end];
        if (line.StartsWith("SIP/"u8))
        {
            // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase
            if (line.Length < 11 || !Ascii.EqualsIgnoreCase(line[..8], "SIP/2.0 "u8)) return SipProblem.BadVersion;
            var code = line.Slice(8, 3);
            if (!IsDigits(code) || (line.Length > 11 && line[11] != ' ')) return SipProblem.BadStatusCode;
            m.StatusCode = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
            if (m.StatusCode < 100) return SipProblem.BadStatusCode;
            m.Reason = line.Length > 12 ? new Seg(start + 12, line.Length - 12) : Seg.None;
            return SipProblem.None;
        }
        // Request-Line = Method SP Request-URI SP SIP-Version
        var sp1 = line.IndexOf((byte)' ');
        if (sp1 <= 0) return SipProblem.BadStartLine;
        var sp2 = line[(sp1 + 1)..].IndexOf((byte)' ');
        if (sp2 <= 0) return SipProblem.BadStartLine;
        sp2 += sp1 + 1;
        var method = line[..sp1];
        foreach (var c in method)
        {
            if (!IsTokenChar(c)) return SipProblem.BadStartLine;
        }
        var uri = line[(sp1 + 1)..sp2];
        if (uri.IndexOf((byte)':') <= 0) return SipProblem.BadStartLine;
        if (!Ascii.EqualsIgnoreCase(line[(sp2 + 1)..], "SIP/2.0"u8)) return SipProblem.BadVersion;
        m.IsRequest = true;
        m.MethodToken = new Seg(start, sp1);
        m.Method = MethodOf(method);
        m.RequestUri = new Seg(start + sp1 + 1, uri.Length);
        return SipProblem.None;
    }

    private static SipProblem Headers(ReadOnlySpan<byte> data, int pos, int limit, ref SipLayout m)
    {
        var current = -1; // index of the header a folded line continues, -1 when not indexed
        var currentEndsAtLine = false;
        var sawHeader = false;
        while (pos < limit)
        {
            var lineEnd = data[pos..limit].IndexOf("\r\n"u8) + pos;
            if (data[pos] is (byte)' ' or (byte)'\t')
            {
                if (!sawHeader) return SipProblem.BadHeaderLine;
                if (current >= 0 && currentEndsAtLine)
                {
                    var seg = m.Headers[current];
                    var extended = SipParams.Trim(data[seg.Start..lineEnd]);
                    m.Headers[current] = new Seg(seg.Start, extended.Length);
                }
                pos = lineEnd + 2;
                continue;
            }
            sawHeader = true;
            var line = data[pos..lineEnd];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0) return SipProblem.BadHeaderLine;
            var name = SipParams.Trim(line[..colon]);
            var valueStart = pos + colon + 1;
            while (valueStart < lineEnd && data[valueStart] is (byte)' ' or (byte)'\t') valueStart++;
            var value = SipParams.Trim(data[valueStart..lineEnd]);
            var id = Lookup(name);
            current = id;
            currentEndsAtLine = false;
            if (id == (int)SipHeader.Via)
            {
                m.ViaCount += CountListValues(value);
                if (m.Headers[id].Length < 0)
                {
                    var top = TopListValue(value);
                    m.Headers[id] = new Seg(valueStart, top.Length);
                    currentEndsAtLine = top.Length == value.Length;
                }
            }
            else if (id >= 0)
            {
                if (m.Headers[id].Length >= 0)
                {
                    if (IsSingle(id)) return SipProblem.DuplicateHeader;
                }
                else
                {
                    m.Headers[id] = new Seg(valueStart, value.Length);
                    currentEndsAtLine = true;
                }
            }
            pos = lineEnd + 2;
        }
        return SipProblem.None;
    }

    private static SipProblem Mandatory(ReadOnlySpan<byte> data, ref SipLayout m)
    {
        if (m.Headers[(int)SipHeader.Via].Length <= 0) return SipProblem.MissingVia;
        if (m.Headers[(int)SipHeader.From].Length <= 0) return SipProblem.MissingFrom;
        if (m.Headers[(int)SipHeader.To].Length <= 0) return SipProblem.MissingTo;
        if (m.Headers[(int)SipHeader.CallId].Length <= 0) return SipProblem.MissingCallId;
        if (m.Headers[(int)SipHeader.CSeq].Length <= 0) return SipProblem.MissingCSeq;
        // CSeq = 1*DIGIT LWS Method
        var cseq = m.Headers[(int)SipHeader.CSeq].Of(data);
        var space = cseq.IndexOfAny((byte)' ', (byte)'\t');
        if (space <= 0 || space > 10) return SipProblem.BadCSeq;
        if (!IsDigits(cseq[..space]) || !Utf8Parser.TryParse(cseq[..space], out long number, out _) || number > int.MaxValue)
            return SipProblem.BadCSeq;
        var method = SipParams.Trim(cseq[space..]);
        if (method.IsEmpty) return SipProblem.BadCSeq;
        m.CSeq = (int)number;
        m.CSeqMethod = MethodOf(method);
        // RFC 3261 §8.1.1.5: the CSeq method MUST match the request's (methods are case-sensitive).
        if (m.IsRequest && !method.SequenceEqual(m.MethodToken.Of(data))) return SipProblem.CSeqMethodMismatch;
        return SipProblem.None;
    }

    private static int Lookup(ReadOnlySpan<byte> name)
    {
        if (name.Length == 1)
        {
            // RFC 3261 §7.3.3 compact forms.
            return (name[0] | 0x20) switch
            {
                'v' => (int)SipHeader.Via,
                'f' => (int)SipHeader.From,
                't' => (int)SipHeader.To,
                'i' => (int)SipHeader.CallId,
                'l' => (int)SipHeader.ContentLength,
                'c' => (int)SipHeader.ContentType,
                'm' => (int)SipHeader.Contact,
                _ => -1,
            };
        }
        return name.Length switch
        {
            2 when Ascii.EqualsIgnoreCase(name, "To"u8) => (int)SipHeader.To,
            3 when Ascii.EqualsIgnoreCase(name, "Via"u8) => (int)SipHeader.Via,
            4 when Ascii.EqualsIgnoreCase(name, "From"u8) => (int)SipHeader.From,
            4 when Ascii.EqualsIgnoreCase(name, "CSeq"u8) => (int)SipHeader.CSeq,
            7 when Ascii.EqualsIgnoreCase(name, "Call-ID"u8) => (int)SipHeader.CallId,
            7 when Ascii.EqualsIgnoreCase(name, "Contact"u8) => (int)SipHeader.Contact,
            7 when Ascii.EqualsIgnoreCase(name, "Expires"u8) => (int)SipHeader.Expires,
            12 when Ascii.EqualsIgnoreCase(name, "Content-Type"u8) => (int)SipHeader.ContentType,
            12 when Ascii.EqualsIgnoreCase(name, "Max-Forwards"u8) => (int)SipHeader.MaxForwards,
            13 when Ascii.EqualsIgnoreCase(name, "Authorization"u8) => (int)SipHeader.Authorization,
            14 when Ascii.EqualsIgnoreCase(name, "Content-Length"u8) => (int)SipHeader.ContentLength,
            16 when Ascii.EqualsIgnoreCase(name, "WWW-Authenticate"u8) => (int)SipHeader.WwwAuthenticate,
            _ => -1,
        };
    }

    internal static SipMethod MethodOf(ReadOnlySpan<byte> token) => token.Length switch
    {
        3 when token.SequenceEqual("ACK"u8) => SipMethod.Ack,
        3 when token.SequenceEqual("BYE"u8) => SipMethod.Bye,
        4 when token.SequenceEqual("INFO"u8) => SipMethod.Info,
        6 when token.SequenceEqual("INVITE"u8) => SipMethod.Invite,
        6 when token.SequenceEqual("CANCEL"u8) => SipMethod.Cancel,
        6 when token.SequenceEqual("NOTIFY"u8) => SipMethod.Notify,
        7 when token.SequenceEqual("MESSAGE"u8) => SipMethod.Message,
        7 when token.SequenceEqual("OPTIONS"u8) => SipMethod.Options,
        8 when token.SequenceEqual("REGISTER"u8) => SipMethod.Register,
        9 when token.SequenceEqual("SUBSCRIBE"u8) => SipMethod.Subscribe,
        _ => SipMethod.Unknown,
    };

    private static bool IsSingle(int id) => id is (int)SipHeader.From or (int)SipHeader.To or (int)SipHeader.CallId
        or (int)SipHeader.CSeq or (int)SipHeader.ContentLength or (int)SipHeader.MaxForwards;

    /// <summary>The first value of a comma-separated list, commas inside quotes or angle brackets not counting.</summary>
    internal static ReadOnlySpan<byte> TopListValue(ReadOnlySpan<byte> value)
    {
        var end = NextComma(value, 0);
        return SipParams.Trim(value[..end]);
    }

    private static int CountListValues(ReadOnlySpan<byte> value)
    {
        var count = 1;
        for (var at = NextComma(value, 0); at < value.Length; at = NextComma(value, at + 1)) count++;
        return count;
    }

    internal static int NextComma(ReadOnlySpan<byte> value, int from)
    {
        var quoted = false;
        var angle = false;
        for (var i = from; i < value.Length; i++)
        {
            var c = value[i];
            if (quoted)
            {
                if (c == '\\') i++;
                else if (c == '"') quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == '<') angle = true;
            else if (c == '>') angle = false;
            else if (c == ',' && !angle) return i;
        }
        return value.Length;
    }

    private static bool IsDigits(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty) return false;
        foreach (var c in s)
        {
            if (c is < (byte)'0' or > (byte)'9') return false;
        }
        return true;
    }

    // RFC 3261 §25.1: token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
    private static bool IsTokenChar(byte c) =>
        c is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
            or (byte)'-' or (byte)'.' or (byte)'!' or (byte)'%' or (byte)'*' or (byte)'_' or (byte)'+' or (byte)'`'
            or (byte)'\'' or (byte)'~';
}
