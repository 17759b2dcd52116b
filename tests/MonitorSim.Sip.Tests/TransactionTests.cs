using System.Diagnostics;
using MonitorSim.Sip.Message;
using MonitorSim.Sip.Transactions;
using MonitorSim.Sip.Transport;

namespace MonitorSim.Sip.Tests;

public class TransactionTests
{
    private static readonly long Ms = Stopwatch.Frequency / 1000;

    [Fact]
    public void Over_UDP_an_unanswered_request_is_resent_at_T1_doubling_to_T2_and_times_out_at_64_T1()
    {
        var table = new ClientTransactions<int>(16, SipTimers.Rfc3261);
        var sender = new RecordingSender();
        var user = new TimeoutRecorder();
        Start(table, state: 7, reliable: false, out _);
        var resentAt = new List<long>();
        for (long t = 0; t <= 33_000; t += 10)
        {
            if (table.Tick(t * Ms, sender, user, _ => { }) > 0) resentAt.Add(t);
        }
        // Timer E: 500, +1000, +2000, then every T2 = 4000 ms; timer F at 64·T1 = 32 s.
        Assert.Equal([500L, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500], resentAt);
        Assert.Equal([(7, 10)], user.TimedOut);
        Assert.All(sender.Sent, s => Assert.Equal("REQUEST", s));
        Assert.Equal(0, table.InUse);
    }

    [Fact]
    public void Over_TCP_nothing_is_resent_but_timer_F_still_ends_the_transaction()
    {
        var table = new ClientTransactions<int>(16, SipTimers.Rfc3261);
        var sender = new RecordingSender();
        var user = new TimeoutRecorder();
        Start(table, state: 3, reliable: true, out _);
        for (long t = 0; t <= 33_000; t += 10) table.Tick(t * Ms, sender, user, _ => { });
        Assert.Empty(sender.Sent);
        Assert.Equal([(3, 0)], user.TimedOut);
    }

    [Fact]
    public void A_response_is_matched_by_branch_and_checked_against_Call_ID_and_CSeq()
    {
        var table = new ClientTransactions<int>(16, SipTimers.Rfc3261);
        var branch = Start(table, state: 42, reliable: false, out _);
        Assert.Equal(TxMatch.Stray, table.Match(Parse(Response("z9hG4bKdeadbeefdeadbeef0000", "call-1", 5)), 0, out _, out _));
        Assert.Equal(TxMatch.Mismatch, table.Match(Parse(Response(branch, "call-2", 5)), 0, out _, out _));
        Assert.Equal(TxMatch.Mismatch, table.Match(Parse(Response(branch, "call-1", 6)), 0, out _, out _));
        Assert.Equal(TxMatch.Mismatch, table.Match(Parse(Response(branch, "call-1", 5, "REGISTER")), 0, out _, out _));
        Assert.Equal(TxMatch.Final, table.Match(Parse(Response(branch, "call-1", 5)), 0, out var state, out _));
        Assert.Equal(42, state);
        // Timer K: a retransmitted final response is absorbed until T4, then the slot is free and the branch is stray.
        Assert.Equal(TxMatch.Duplicate, table.Match(Parse(Response(branch, "call-1", 5)), 0, out _, out _));
        var released = 0;
        table.Tick(5_001 * Ms, new RecordingSender(), new TimeoutRecorder(), _ => released++);
        Assert.Equal(1, released);
        Assert.Equal(TxMatch.Stray, table.Match(Parse(Response(branch, "call-1", 5)), 0, out _, out _));
    }

    [Fact]
    public void A_provisional_response_keeps_the_transaction_going_until_its_final_one()
    {
        var table = new ClientTransactions<int>(16, SipTimers.Rfc3261);
        var branch = Start(table, state: 1, reliable: false, out _);
        Assert.Equal(TxMatch.Provisional, table.Match(Parse(Response(branch, "call-1", 5, status: 100)), 0, out _, out _));
        Assert.Equal(TxMatch.Final, table.Match(Parse(Response(branch, "call-1", 5)), 0, out _, out _));
    }

    [Fact]
    public void A_full_table_refuses_new_transactions_until_one_ends()
    {
        var table = new ClientTransactions<int>(1, SipTimers.Rfc3261);
        var branch = Start(table, state: 1, reliable: true, out _);
        Assert.False(table.TryBegin(2, SipMethod.Message, 1, "x"u8, true, out _));
        Assert.Equal(TxMatch.Final, table.Match(Parse(Response(branch, "call-1", 5)), 0, out _, out _));
        Assert.True(table.TryBegin(2, SipMethod.Message, 1, "x"u8, true, out _));
    }

    private static string Start(ClientTransactions<int> table, int state, bool reliable, out TxHandle tx)
    {
        Assert.True(table.TryBegin(state, SipMethod.Message, 5, "call-1"u8, reliable, out tx));
        var buffer = new byte[ClientTransactions<int>.BranchLength];
        var w = new SipWriter(buffer);
        table.WriteBranch(ref w, tx);
        table.Start(tx, reliable ? null : "REQUEST"u8.ToArray(), 7, new SipRoute(0, 0), 0);
        return Encoding.ASCII.GetString(buffer);
    }

    private static string Response(string branch, string callId, int cseq, string method = "MESSAGE", int status = 200) =>
        $"SIP/2.0 {status} OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;rport=5060;branch={branch}\r\nFrom: <sip:a@b>;tag=1\r\n" +
        $"To: <sip:c@d>;tag=2\r\nCall-ID: {callId}\r\nCSeq: {cseq} {method}\r\nContent-Length: 0\r\n\r\n";

    private static SipMessage Parse(string text)
    {
        Assert.Equal(SipProblem.None, SipParser.Parse(Encoding.ASCII.GetBytes(text), stream: false, out var m));
        return m;
    }

    private sealed class RecordingSender : ISipSender
    {
        public List<string> Sent { get; } = [];

        public bool Send(ReadOnlySpan<byte> message, SipRoute route)
        {
            Sent.Add(Encoding.ASCII.GetString(message));
            return true;
        }
    }

    private sealed class TimeoutRecorder : ITransactionUser<int>
    {
        public List<(int State, int Retransmits)> TimedOut { get; } = [];

        public void OnTimeout(in int state, int retransmits) => TimedOut.Add((state, retransmits));
    }
}
