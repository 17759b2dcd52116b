using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using MonitorSim.Sip.Diagnostics;
using MonitorSim.Sip.Message;
using MonitorSim.Sip.Transactions;
using MonitorSim.Sip.Transport;

namespace MonitorSim.Sip.Endpoints;

/// <summary>
/// What a device population and a platform share: one transport, the parse of every message received (problems
/// counted by reason, never thrown), client transactions for the requests this end sends (response matching, timers
/// E/F/K run every <see cref="TickInterval"/>), server transactions for the requests it must answer once, and the
/// writing of responses.
/// </summary>
/// <typeparam name="TState">What this end keeps with each request it sends.</typeparam>
public abstract class SipEndpointBase<TState> : ISipReceiver, ITransactionUser<TState>, IAsyncDisposable
    where TState : struct
{
    /// <summary>How often timers are looked at: the resolution of timers E, F and K.</summary>
    public static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(10);

    private readonly CancellationTokenSource _stop = new();
    private readonly Action<byte[]> _release;
    private ISipTransport? _transport;
    private Task _ticker = Task.CompletedTask;
    private long _sequence;

    protected SipEndpointBase(SipCounters counters, SipTimers timers, int transactionCapacity, string userAgent)
    {
        Counters = counters;
        Timers = timers;
        Transactions = new ClientTransactions<TState>(transactionCapacity, timers);
        UserAgent = Encoding.UTF8.GetBytes(userAgent);
        _release = Buffers.Return;
    }

    /// <summary>What this end counted.</summary>
    public SipCounters Counters { get; }

    /// <summary>Client transactions in use now.</summary>
    public int TransactionsInUse => Transactions.InUse;

    protected SipTimers Timers { get; }

    protected ClientTransactions<TState> Transactions { get; }

    protected ServerTransactions ServerTransactions { get; private set; } = null!;

    protected BufferPool Buffers { get; } = new();

    protected byte[] UserAgent { get; }

    protected ISipTransport Transport => _transport ?? throw new InvalidOperationException("the endpoint has no transport yet");

    protected bool Reliable => Transport.Kind == SipTransportKind.Tcp;

    /// <summary>Starts the endpoint on <paramref name="transport"/> (opened with this endpoint as its receiver).</summary>
    protected void Attach(ISipTransport transport)
    {
        _transport = transport;
        ServerTransactions = new ServerTransactions(Timers, transport.Kind == SipTransportKind.Tcp);
        _ticker = Task.Run(TickLoop);
    }

    public void OnReceived(ReadOnlySpan<byte> data, SipRoute source)
    {
        var problem = SipParser.Parse(data, stream: false, out var message);
        if (problem != SipProblem.None)
        {
            Counters.Count(problem == SipProblem.Incomplete ? SipProblem.BodyTruncated : problem, data);
            return;
        }
        if (message.IsRequest)
        {
            Counters.Count(SipEvent.RequestsReceived);
            OnRequest(message, source);
            return;
        }
        var now = Stopwatch.GetTimestamp();
        switch (Transactions.Match(message, now, out var state, out var retransmits))
        {
            case TxMatch.Final:
                Counters.Count(SipEvent.FinalResponses);
                OnFinal(message, state, retransmits, now);
                break;
            case TxMatch.Provisional:
                Counters.Count(SipEvent.ProvisionalResponses);
                break;
            case TxMatch.Duplicate:
                Counters.Count(SipEvent.DuplicateResponses);
                break;
            case TxMatch.Stray:
                Counters.Count(SipProblem.StrayResponse, message.Raw);
                break;
            default:
                Counters.Count(SipProblem.TransactionMismatch, message.Raw);
                break;
        }
    }

    public abstract void OnTimeout(in TState state, int retransmits);

    /// <summary>A request from the far end (parsed and valid).</summary>
    protected abstract void OnRequest(in SipMessage request, SipRoute source);

    /// <summary>The final response of one of this end's transactions; <paramref name="now"/> is when it arrived.</summary>
    protected abstract void OnFinal(in SipMessage response, in TState state, int retransmits, long now);

    /// <summary>Called every tick after the transaction timers, for the end's own timers (registration refresh).</summary>
    protected virtual void OnTick(long now)
    {
    }

    /// <summary>
    /// Reserves a transaction and a buffer of at least <paramref name="size"/> bytes for a request; false (counted)
    /// when the transaction table is full. The caller writes the request with <see cref="Transactions"/>'
    /// branch and passes it to <see cref="Send"/>.
    /// </summary>
    protected bool Begin(in TState state, SipMethod method, int cseq, ReadOnlySpan<byte> callId, int size, out TxHandle tx, out byte[] buffer)
    {
        if (!Transactions.TryBegin(state, method, cseq, callId, Reliable, out tx))
        {
            Counters.Count(SipProblem.TableFull, callId);
            buffer = [];
            return false;
        }
        buffer = Buffers.Rent(size);
        return true;
    }

    /// <summary>Sends a request written by the caller after <see cref="Begin"/>; false (transaction freed) when it could not.</summary>
    protected bool Send(TxHandle tx, byte[] buffer, int length, SipRoute route)
    {
        // Timers start before the send: the answer can be back before Send returns (loopback, TCP).
        Transactions.Start(tx, Reliable ? null : buffer, length, route, Stopwatch.GetTimestamp());
        var sent = Transport.Send(buffer.AsSpan(0, length), route);
        if (!sent)
        {
            Transactions.Abandon(tx);
            Counters.Count(SipProblem.SendFailed, buffer.AsSpan(0, Math.Min(length, 200)));
        }
        else
        {
            Counters.Count(SipEvent.RequestsSent);
        }
        if (Reliable || !sent) Buffers.Return(buffer);
        return sent;
    }

    /// <summary>
    /// Answers <paramref name="request"/> with <paramref name="status"/>; <paramref name="remember"/> keeps the answer in
    /// the server transaction opened by <see cref="ServerTransactions"/>' IsNew for retransmissions.
    /// </summary>
    protected void Respond(in SipMessage request, SipRoute source, int status, ReadOnlySpan<byte> extraHeaders = default, bool remember = false)
    {
        var size = request.Head.Length + extraHeaders.Length + UserAgent.Length + 256;
        var rented = size > 2048 ? Buffers.Rent(size) : null;
        Span<byte> buffer = rented is null ? stackalloc byte[2048] : rented;
        var w = new SipWriter(buffer);
        SipResponseWriter.Write(ref w, request, status, Transport.PeerHost(source), Transport.PeerPort(source), UserAgent, extraHeaders);
        if (Transport.Send(w.Written, source)) Counters.Count(SipEvent.ResponsesSent);
        else Counters.Count(SipProblem.SendFailed, request.Raw);
        if (remember) ServerTransactions.Answer(request, w.Written);
        if (rented is not null) Buffers.Return(rented);
    }

    /// <summary>A random number of this run, in Call-IDs, so a far end never mistakes one run's dialogs for another's.</summary>
    protected ushort Boot { get; } = (ushort)RandomNumberGenerator.GetInt32(0x10000);

    /// <summary>Via's transport token.</summary>
    protected ReadOnlySpan<byte> TransportToken => Reliable ? "TCP"u8 : "UDP"u8;

    /// <summary>A GB/T 28181 command serial number (100000–999999), never the same twice in a row.</summary>
    protected int NextSn() => 100_000 + (int)((ulong)Interlocked.Increment(ref _sequence) % 900_000);

    /// <summary>
    /// Sends a MESSAGE with a MANSCDP body from <paramref name="fromCode"/> to <paramref name="target"/> over
    /// <paramref name="route"/>, in a transaction of its own (a new Call-ID per message, as devices do); false when it
    /// could not be sent (counted).
    /// </summary>
    protected bool SendMessage(in TState state, ReadOnlySpan<byte> fromCode, ReadOnlySpan<byte> target, string body, SipRoute route)
    {
        var bytes = Encoding.UTF8.GetByteCount(body);
        var rented = bytes > 1024 ? ArrayPool<byte>.Shared.Rent(bytes) : null;
        Span<byte> utf8 = rented is null ? stackalloc byte[1024] : rented;
        var written = Encoding.UTF8.GetBytes(body, utf8);
        try
        {
            return SendMessage(state, fromCode, target, utf8[..written], route);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>As the overload taking a string, for a body already in UTF-8: nothing is allocated.</summary>
    protected bool SendMessage(in TState state, ReadOnlySpan<byte> fromCode, ReadOnlySpan<byte> target, ReadOnlySpan<byte> body, SipRoute route)
    {
        var sentBy = Transport.SentBy(route.Channel);
        var sequence = (ulong)Interlocked.Increment(ref _sequence);
        Span<byte> callId = stackalloc byte[16 + 1 + sentBy.Length];
        var callIdLength = WriteCallId(callId, (ulong)Boot << 48 | 1UL << 40 | (sequence & 0xFF_FFFF_FFFF), sentBy);
        var cseq = (int)(sequence % 1_000_000) + 1;
        var size = body.Length + 1024;
        if (!Begin(state, SipMethod.Message, cseq, callId[..callIdLength], size, out var tx, out var buffer)) return false;
        Span<byte> branch = stackalloc byte[ClientTransactions<TState>.BranchLength];
        Span<byte> fromTag = stackalloc byte[8];
        var head = HeadFor(tx, route, branch, fromTag, sequence & 0xFFFF_FFFF);
        head.TargetCode = target;
        head.FromCode = fromCode;
        head.ToCode = target;
        head.CallId = callId[..callIdLength];
        head.CSeq = cseq;
        var w = new SipWriter(buffer);
        SipRequestWriter.Message(ref w, head, body);
        return Send(tx, buffer, w.Length, route);
    }

    /// <summary>
    /// What every request of this end carries: transport and sent-by of <paramref name="route"/>'s channel, the branch
    /// of <paramref name="tx"/> (written into <paramref name="branch"/>), <paramref name="tag"/> as an 8-hex-digit From
    /// tag (into <paramref name="fromTag"/>) and the User-Agent. The caller fills in the rest.
    /// </summary>
    protected SipRequestHead HeadFor(TxHandle tx, SipRoute route, Span<byte> branch, Span<byte> fromTag, ulong tag)
    {
        var bw = new SipWriter(branch);
        Transactions.WriteBranch(ref bw, tx);
        var tw = new SipWriter(fromTag);
        tw.Hex(tag, 8);
        return new SipRequestHead
        {
            Transport = TransportToken,
            SentBy = Transport.SentBy(route.Channel),
            Branch = branch,
            FromTag = fromTag,
            UserAgent = UserAgent,
        };
    }

    /// <summary><c>HEX16@host</c>: the id in 16 hex digits at the sender's host.</summary>
    protected static int WriteCallId(Span<byte> callId, ulong id, ReadOnlySpan<byte> sentBy)
    {
        var w = new SipWriter(callId);
        w.Hex(id, 16);
        w.Write((byte)'@');
        var colon = sentBy.LastIndexOf((byte)':');
        w.Write(colon > 0 ? sentBy[..colon] : sentBy);
        return w.Length;
    }

    /// <summary>Stops the timers and closes the transport.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _ticker.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
        _transport?.Dispose();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task TickLoop()
    {
        using var timer = new PeriodicTimer(TickInterval);
        while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
        {
            var now = Stopwatch.GetTimestamp();
            try
            {
                var resent = Transactions.Tick(now, Transport, this, _release);
                if (resent > 0) Counters.Count(SipEvent.Retransmissions, resent);
                ServerTransactions.Tick(now);
                OnTick(now);
            }
            catch (Exception e)
            {
                Counters.Count(SipProblem.HandlerError, Encoding.UTF8.GetBytes(e.ToString()));
            }
        }
    }
}
