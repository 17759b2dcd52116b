using System.Net;
using System.Net.Sockets;
using MonitorSim.Domain.Operations;
using MonitorSim.Sip.Diagnostics;
using MonitorSim.Sip.Message;
using MonitorSim.Sip.Tests.Support;
using MonitorSim.Sip.Transport;

namespace MonitorSim.Sip.Tests;

/// <summary>Cameras against a scripted far end: lost answers, garbage, answers nobody asked for.</summary>
public class FarEndTests
{
    [Fact]
    public async Task A_keepalive_whose_200_was_lost_is_resent_with_the_same_branch_and_completes_once_answered()
    {
        // The far end drops its first answer: the camera's timer E re-sends the very same request.
        await using var farEnd = new RawFarEnd((request, before) => before == 0 ? null : Ok(request));
        var outcomes = new OutcomeRecorder();
        await using var cameras = await Loopback.Devices(new SipTarget(SipTransportKind.Udp, "127.0.0.1", farEnd.Port),
            outcomes, timers: Loopback.FastTimers);

        cameras.Keepalive(0, Loopback.Ticket(0));
        var outcome = await outcomes.NextAsync();

        Assert.Equal((OperationKind.Keepalive, OpStatus.Ok), (outcome.Kind, outcome.Status));
        var sent = farEnd.Received.ToArray();
        Assert.Equal(2, sent.Length);
        Assert.Equal(sent[0], sent[1]);
        Assert.Equal(1, cameras.Counters[SipEvent.Retransmissions]);
        // Response time runs from the intended start through the lost answer: at least T1.
        Assert.True(outcome.Completed - outcome.Ticket.Intended >= System.Diagnostics.Stopwatch.Frequency / 10);
    }

    [Fact]
    public async Task A_far_end_that_never_answers_ends_the_operation_at_timer_F_as_a_timeout()
    {
        await using var farEnd = new RawFarEnd((_, _) => null);
        var outcomes = new OutcomeRecorder();
        await using var cameras = await Loopback.Devices(new SipTarget(SipTransportKind.Udp, "127.0.0.1", farEnd.Port),
            outcomes, timers: Loopback.FastTimers);

        cameras.Keepalive(0, Loopback.Ticket(0));
        var outcome = await outcomes.NextAsync();

        Assert.Equal((OpStatus.Failed, "sip_timeout"), (outcome.Status, outcome.Reason));
        // 64·T1 = 6.4 s with T1 = 100 ms, T2 = 400 ms: re-sent at 0.1, 0.3, 0.7 s, then every 0.4 s up to 6.3 s: 17 times.
        Assert.Equal(1 + 17, farEnd.Received.Count);
        Assert.Equal(1, cameras.Counters[SipEvent.Timeouts]);
    }

    [Fact]
    public async Task Malformed_and_unexpected_messages_are_counted_by_reason_and_the_platform_keeps_working()
    {
        await using var platform = Loopback.Platform(SipTransportKind.Udp);
        await using var attacker = new RawFarEnd((_, _) => null);
        await attacker.SendAsync("GARBAGE\r\n\r\n"u8.ToArray(), platform.Port);
        await attacker.SendAsync("MESSAGE sip:a@b SIP/2.0\r\nCSeq: 1 MESSAGE\r\n\r\n"u8.ToArray(), platform.Port);
        await attacker.SendAsync(Encoding.ASCII.GetBytes(
            "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bK0000000000000000\r\nFrom: <sip:a@b>;tag=1\r\n" +
            "To: <sip:c@d>;tag=2\r\nCall-ID: nobody\r\nCSeq: 1 MESSAGE\r\nContent-Length: 0\r\n\r\n"), platform.Port);
        await Eventually.True(() => platform.Counters.ProblemCount == 3, "three problems counted");

        Assert.Equal(1, platform.Counters[SipProblem.BadStartLine]);
        Assert.Equal(1, platform.Counters[SipProblem.MissingVia]);
        Assert.Equal(1, platform.Counters[SipProblem.StrayResponse]);
        Assert.Contains("GARBAGE", platform.Counters.Sample(SipProblem.BadStartLine));
        Assert.Equal(["bad_start_line", "missing_via", "stray_response"], platform.Counters.Problems().Keys);

        var outcomes = new OutcomeRecorder();
        await using var cameras = await Loopback.Devices(platform.Address, outcomes);
        cameras.Register(0, Loopback.Ticket(0));
        Assert.Equal(OpStatus.Ok, (await outcomes.NextAsync()).Status);
    }

    [Fact]
    public async Task A_TCP_stream_that_cannot_be_framed_is_counted_and_closed_while_other_connections_go_on()
    {
        await using var platform = Loopback.Platform(SipTransportKind.Tcp);
        using (var bad = new TcpClient())
        {
            await bad.ConnectAsync(IPAddress.Loopback, platform.Port);
            await bad.GetStream().WriteAsync("NOT SIP AT ALL\r\n\r\n"u8.ToArray());
            var closed = await bad.GetStream().ReadAsync(new byte[16]);
            Assert.Equal(0, closed);
        }
        Assert.Equal(1, platform.Counters[SipProblem.BadStartLine]);

        var outcomes = new OutcomeRecorder();
        await using var cameras = await Loopback.Devices(platform.Address, outcomes);
        cameras.Register(0, Loopback.Ticket(0));
        Assert.Equal(OpStatus.Ok, (await outcomes.NextAsync()).Status);
    }

    [Fact]
    public async Task A_camera_answers_a_request_for_a_code_it_does_not_hold_404_and_counts_it()
    {
        var outcomes = new OutcomeRecorder();
        await using var farEnd = new RawFarEnd((_, _) => null);
        await using var cameras = await Loopback.Devices(new SipTarget(SipTransportKind.Udp, "127.0.0.1", farEnd.Port), outcomes);
        // Find a camera socket from the keepalive it sends, then ask that socket about a code it does not hold.
        cameras.Keepalive(0, Loopback.Ticket(0));
        await Eventually.True(() => !farEnd.Received.IsEmpty, "the camera's first request");
        Assert.Equal(SipProblem.None, SipParser.Parse(farEnd.Received.First(), stream: false, out var first));
        var via = Encoding.ASCII.GetString(first[SipHeader.Via]);
        var port = int.Parse(via.Split(' ')[1].Split(';')[0].Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
        var query = "MESSAGE sip:99999999991320000000@9999999999 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;rport;branch=z9hG4bKq\r\n" +
                    "From: <sip:32030000002000000001@3203000000>;tag=1\r\nTo: <sip:99999999991320000000@9999999999>\r\n" +
                    "Call-ID: q1\r\nCSeq: 1 MESSAGE\r\nContent-Length: 0\r\n\r\n";
        await farEnd.SendAsync(Encoding.ASCII.GetBytes(query), port);

        await Eventually.True(() => farEnd.Received.Any(r => Encoding.ASCII.GetString(r).StartsWith("SIP/2.0 404", StringComparison.Ordinal)),
            "a 404 back");
        Assert.Equal(1, cameras.Counters[SipProblem.UnknownDevice]);
    }

    /// <summary>200 OK to a raw request, written by this stack's response writer.</summary>
    private static byte[]? Ok(byte[] request)
    {
        if (SipParser.Parse(request, stream: false, out var m) != SipProblem.None || !m.IsRequest) return null;
        var buffer = new byte[2048];
        var w = new SipWriter(buffer);
        SipResponseWriter.Write(ref w, m, 200, "127.0.0.1"u8, 0, "far-end"u8);
        return w.Written.ToArray();
    }
}
