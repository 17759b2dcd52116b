using System.Text;

namespace MonitorSim.Sip.Message;

/// <summary>
/// Writes the requests of a GB/T 28181 endpoint, REGISTER and MESSAGE, with the header order and forms of the
/// model's reference renderings (<c>Gb28181Messages</c> in the domain): the same bytes for the same values, so the
/// sizes the model counts are the sizes this stack sends. RFC 3261 §8.1.1's mandatory headers are always there.
/// </summary>
public static class SipRequestWriter
{
    /// <summary>Content type of every MANSCDP body (GB/T 28181-2016 §9.3.1).</summary>
    public static ReadOnlySpan<byte> ManscdpContentType => "Application/MANSCDP+xml"u8;

    /// <summary>REGISTER to <see cref="SipRequestHead.TargetCode"/> (the platform's SIP server).</summary>
    public static void Register(ref SipWriter w, scoped SipRequestHead h)
    {
        w.Write("REGISTER "u8);
        w.GbUri(h.TargetCode);
        w.Write(" SIP/2.0\r\n"u8);
        Common(ref w, h, "REGISTER"u8);
        w.HeaderName("Contact"u8);
        w.Write("<sip:"u8);
        w.Write(h.FromCode);
        w.Write((byte)'@');
        w.Write(h.SentBy);
        w.Write(">\r\n"u8);
        if (!h.Authorization.IsEmpty) w.Header("Authorization"u8, h.Authorization);
        w.Write("Max-Forwards: 70\r\n"u8);
        w.Header("User-Agent"u8, h.UserAgent);
        w.HeaderName("Expires"u8);
        w.Number(h.Expires);
        w.Crlf();
        w.Write("Content-Length: 0\r\n\r\n"u8);
    }

    /// <summary>MESSAGE carrying a MANSCDP body (GB/T 28181-2016 §9.3).</summary>
    public static void Message(ref SipWriter w, scoped SipRequestHead h, string manscdpBody)
    {
        MessageHead(ref w, h, Encoding.UTF8.GetByteCount(manscdpBody));
        w.Write(manscdpBody);
    }

    /// <summary>MESSAGE carrying a MANSCDP body already in UTF-8 (<see cref="ManscdpWriter"/>'s).</summary>
    public static void Message(ref SipWriter w, scoped SipRequestHead h, scoped ReadOnlySpan<byte> manscdpBody)
    {
        MessageHead(ref w, h, manscdpBody.Length);
        w.Write(manscdpBody);
    }

    private static void MessageHead(ref SipWriter w, scoped SipRequestHead h, int bodyBytes)
    {
        w.Write("MESSAGE "u8);
        w.GbUri(h.TargetCode);
        w.Write(" SIP/2.0\r\n"u8);
        Common(ref w, h, "MESSAGE"u8);
        w.Header("Content-Type"u8, ManscdpContentType);
        w.Write("Max-Forwards: 70\r\n"u8);
        w.Header("User-Agent"u8, h.UserAgent);
        w.HeaderName("Content-Length"u8);
        w.Number(bodyBytes);
        w.Write("\r\n\r\n"u8);
    }

    private static void Common(ref SipWriter w, scoped SipRequestHead h, ReadOnlySpan<byte> method)
    {
        w.Write("Via: SIP/2.0/"u8);
        w.Write(h.Transport);
        w.Write((byte)' ');
        w.Write(h.SentBy);
        w.Write(";rport;branch="u8);
        w.Write(h.Branch);
        w.Crlf();
        w.Write("From: <"u8);
        w.GbUri(h.FromCode);
        w.Write(">;tag="u8);
        w.Write(h.FromTag);
        w.Crlf();
        w.Write("To: <"u8);
        w.GbUri(h.ToCode);
        w.Write(">\r\n"u8);
        w.Header("Call-ID"u8, h.CallId);
        w.HeaderName("CSeq"u8);
        w.Number(h.CSeq);
        w.Write((byte)' ');
        w.Write(method);
        w.Crlf();
    }
}
