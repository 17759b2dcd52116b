using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Operations.Wire;
using MonitorSim.Sip.Message;

namespace MonitorSim.Sip.Tests;

public class ParserTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    public static TheoryData<string> ReferenceMessages()
    {
        var data = new TheoryData<string>();
        var exchanges = new[]
        {
            ReferenceExchanges.Registration(),
            ReferenceExchanges.Keepalive(),
            ReferenceExchanges.Alarm(ReferenceExchanges.SampleAlarm()),
            ReferenceExchanges.AlarmQuery(),
        };
        foreach (var packet in exchanges.SelectMany(e => e.Packets)) data.Add(packet.Message.Text);
        return data;
    }

    [Theory]
    [MemberData(nameof(ReferenceMessages))]
    public void Every_reference_GB28181_message_parses_with_its_mandatory_headers_and_exact_body(string text)
    {
        var bytes = B(text);
        Assert.Equal(SipProblem.None, SipParser.Parse(bytes, stream: true, out var m));
        Assert.Equal(bytes.Length, m.Length);
        foreach (var h in new[] { SipHeader.Via, SipHeader.From, SipHeader.To, SipHeader.CallId, SipHeader.CSeq, SipHeader.ContentLength })
            Assert.True(m.Has(h), $"{h} missing");
        Assert.Equal(SipParams.ParseInt(m[SipHeader.ContentLength]), m.Body.Length);
        Assert.StartsWith("z9hG4bK", Encoding.ASCII.GetString(m.Branch));
        Assert.False(m.FromTag.IsEmpty);
        if (m.IsRequest)
        {
            var line = text[..text.IndexOf("\r\n", StringComparison.Ordinal)].Split(' ');
            Assert.Equal(line[0], Encoding.ASCII.GetString(m.MethodToken));
            Assert.Equal(line[1], Encoding.ASCII.GetString(m.RequestUri));
            Assert.Equal("SIP/2.0", line[2]);
            Assert.Equal(m.Method, m.CSeqMethod);
            Assert.Equal("70", Encoding.ASCII.GetString(m[SipHeader.MaxForwards]));
        }
        else
        {
            Assert.InRange(m.StatusCode, 200, 499);
            Assert.False(m.ToTag.IsEmpty);
        }
    }

    [Fact]
    public void Compact_header_names_folded_lines_and_a_Via_list_are_understood()
    {
        var text = "MESSAGE sip:32030000002000000001@3203000000 SIP/2.0\r\n" +
                   "v: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bKproxy, SIP/2.0/UDP 10.0.0.1:5060;rport;branch=z9hG4bKdev\r\n" +
                   "Via: SIP/2.0/TCP 10.0.0.2:5060;branch=z9hG4bKthird\r\n" +
                   "f: <sip:32030000001320000001@3203000000>\r\n ;tag=abc\r\n" +
                   "t: <sip:32030000002000000001@3203000000>\r\n" +
                   "i: call-1@10.0.0.1\r\n" +
                   "CSeq:   7   MESSAGE\r\n" +
                   "c: Application/MANSCDP+xml\r\n" +
                   "l: 5\r\n\r\nhello";
        Assert.Equal(SipProblem.None, SipParser.Parse(B(text), stream: false, out var m));
        Assert.Equal("z9hG4bKproxy", Encoding.ASCII.GetString(m.Branch));
        Assert.Equal(3, m.ViaCount);
        Assert.Equal("abc", Encoding.ASCII.GetString(m.FromTag));
        Assert.Equal("32030000001320000001", Encoding.ASCII.GetString(m.FromUser));
        Assert.Equal(7, m.CSeq);
        Assert.Equal(SipMethod.Message, m.CSeqMethod);
        Assert.Equal("hello", Encoding.ASCII.GetString(m.Body));
    }

    [Fact]
    public void A_response_copies_every_Via_in_order_fills_rport_and_received_and_tags_To()
    {
        var request = B("MESSAGE sip:32030000002000000001@3203000000 SIP/2.0\r\n" +
                        "Via: SIP/2.0/UDP 10.0.0.9:5060;rport;branch=z9hG4bKtop, SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKmid\r\n" +
                        "Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKlast\r\n" +
                        "From: <sip:32030000001320000001@3203000000>;tag=abc\r\n" +
                        "To: <sip:32030000002000000001@3203000000>\r\n" +
                        "Call-ID: c1\r\nCSeq: 3 MESSAGE\r\nContent-Length: 0\r\n\r\n");
        Assert.Equal(SipProblem.None, SipParser.Parse(request, stream: false, out var m));
        var buffer = new byte[2048];
        var w = new SipWriter(buffer);
        SipResponseWriter.Write(ref w, m, 200, B("127.0.0.1"), 40000, B("UA"));
        var text = Encoding.ASCII.GetString(w.Written);
        Assert.StartsWith("SIP/2.0 200 OK\r\n" +
                          "Via: SIP/2.0/UDP 10.0.0.9:5060;rport=40000;received=127.0.0.1;branch=z9hG4bKtop\r\n" +
                          "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKmid\r\n" +
                          "Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKlast\r\n" +
                          "From: <sip:32030000001320000001@3203000000>;tag=abc\r\n" +
                          "To: <sip:32030000002000000001@3203000000>;tag=", text);
        Assert.EndsWith("Call-ID: c1\r\nCSeq: 3 MESSAGE\r\nUser-Agent: UA\r\nContent-Length: 0\r\n\r\n", text);
        Assert.Equal(SipProblem.None, SipParser.Parse(w.Written, stream: true, out var response));
        Assert.Equal(SipResponseWriter.ToTagDigits, response.ToTag.Length);
    }

    private const string Good = "MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h:1;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\n" +
                                "To: <sip:c@d>\r\nCall-ID: x\r\nCSeq: 1 MESSAGE\r\nContent-Length: 2\r\n\r\nhi";

    [Theory]
    [InlineData("", SipProblem.Empty)]
    [InlineData("\r\n\r\n", SipProblem.Empty)]
    [InlineData("MESSAGE sip:a@b SIP/2.0\r\nVia: x\r\n", SipProblem.NoHeadEnd)]
    [InlineData("HELLO\r\n\r\n", SipProblem.BadStartLine)]
    [InlineData("MESSAGE nouri SIP/2.0\r\n\r\n", SipProblem.BadStartLine)]
    [InlineData("MESSAGE sip:a@b HTTP/1.1\r\n\r\n", SipProblem.BadVersion)]
    [InlineData("SIP/2.0 2x0 OK\r\n\r\n", SipProblem.BadStatusCode)]
    [InlineData("SIP/2.0 099 Low\r\n\r\n", SipProblem.BadStatusCode)]
    public void Malformed_start_lines_are_rejected_by_reason(string text, SipProblem expected) =>
        Assert.Equal(expected, SipParser.Parse(B(text), stream: false, out _));

    [Theory]
    [InlineData("Call-ID: x\r\n", "", SipProblem.MissingCallId)]
    [InlineData("Via: SIP/2.0/UDP h:1;branch=z9hG4bK1\r\n", "", SipProblem.MissingVia)]
    [InlineData("From: <sip:a@b>;tag=1\r\n", "", SipProblem.MissingFrom)]
    [InlineData("To: <sip:c@d>\r\n", "", SipProblem.MissingTo)]
    [InlineData("CSeq: 1 MESSAGE\r\n", "", SipProblem.MissingCSeq)]
    [InlineData("CSeq: 1 MESSAGE\r\n", "CSeq: 1 REGISTER\r\n", SipProblem.CSeqMethodMismatch)]
    [InlineData("CSeq: 1 MESSAGE\r\n", "CSeq: x MESSAGE\r\n", SipProblem.BadCSeq)]
    [InlineData("CSeq: 1 MESSAGE\r\n", "CSeq: 99999999999 MESSAGE\r\n", SipProblem.BadCSeq)]
    [InlineData("Content-Length: 2\r\n", "Content-Length: -2\r\n", SipProblem.BadContentLength)]
    [InlineData("Content-Length: 2\r\n", "Content-Length: 9\r\n", SipProblem.BodyTruncated)]
    [InlineData("Call-ID: x\r\n", "Call-ID: x\r\nCall-ID: y\r\n", SipProblem.DuplicateHeader)]
    [InlineData("Call-ID: x\r\n", "Call-ID x\r\n", SipProblem.BadHeaderLine)]
    public void Malformed_headers_are_rejected_by_reason(string replace, string with, SipProblem expected) =>
        Assert.Equal(expected, SipParser.Parse(B(Good.Replace(replace, with, StringComparison.Ordinal)), stream: false, out _));

    [Fact]
    public void On_a_stream_a_partial_message_asks_for_more_and_Content_Length_is_required()
    {
        var good = B(Good);
        Assert.Equal(SipProblem.None, SipParser.Parse(good, stream: true, out _));
        Assert.Equal(SipProblem.Incomplete, SipParser.Parse(good.AsSpan(0, good.Length - 1), stream: true, out _));
        Assert.Equal(SipProblem.Incomplete, SipParser.Parse(good.AsSpan(0, 30), stream: true, out _));
        var noLength = B(Good.Replace("Content-Length: 2\r\n", "", StringComparison.Ordinal));
        Assert.Equal(SipProblem.MissingContentLength, SipParser.Parse(noLength, stream: true, out _));
        Assert.Equal(SipProblem.None, SipParser.Parse(noLength, stream: false, out var datagram));
        Assert.Equal("hi", Encoding.ASCII.GetString(datagram.Body));
    }

    [Fact]
    public void Two_messages_back_to_back_on_a_stream_are_taken_one_at_a_time()
    {
        var two = B(Good + Good.Replace("CSeq: 1", "CSeq: 2", StringComparison.Ordinal));
        Assert.Equal(SipProblem.None, SipParser.Parse(two, stream: true, out var first));
        Assert.Equal(1, first.CSeq);
        Assert.Equal(SipProblem.None, SipParser.Parse(two.AsSpan(first.Length), stream: true, out var second));
        Assert.Equal(2, second.CSeq);
    }

    [Fact]
    public void Parsing_a_message_allocates_nothing()
    {
        var keepalive = B(ReferenceExchanges.Keepalive().Packets[0].Message.Text);
        var alarm = B(ReferenceExchanges.Alarm(ReferenceExchanges.SampleAlarm(AlarmType.Conflict)).Packets[0].Message.Text);
        var total = 0;
        for (var i = 0; i < 10; i++) total += Touch(keepalive) + Touch(alarm); // warm up (JIT)
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) total += Touch(keepalive) + Touch(alarm);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(total > 0);
    }

    private static int Touch(byte[] bytes)
    {
        SipParser.Parse(bytes, stream: false, out var m);
        return m.Branch.Length + m.CallId.Length + m.FromUser.Length + m.CSeq + ManscdpReader.Sn(m.Body) + ManscdpReader.Element(m.Body, "CmdType"u8).Length;
    }
}
