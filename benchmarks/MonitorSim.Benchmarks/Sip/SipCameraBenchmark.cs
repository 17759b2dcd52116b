using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using System.Text;
using BenchmarkDotNet.Attributes;
using MonitorSim.Domain.Operations;
using MonitorSim.Sip.Devices;
using MonitorSim.Sip.Diagnostics;
using MonitorSim.Sip.Message;
using MonitorSim.Sip.Transactions;
using MonitorSim.Sip.Transport;

namespace MonitorSim.Benchmarks.Sip;

/// <summary>
/// What one keepalive costs the SIP cameras, apart from the socket: <see cref="KeepaliveRoundTrip"/> is a camera's
/// keepalive rendered and handed to the transport (a transport that keeps a copy instead of sending), the platform's
/// 200 written for it, and that 200 received, parsed and matched to its transaction and the outcome reported — the
/// whole per-message path of a load generator except the system calls. <see cref="FarEndAnswer"/> is the 200's part
/// alone (to subtract), <see cref="UdpSendToLoopback"/> the system call one keepalive-sized datagram costs on
/// loopback (drained by a thread of its own, as the far end would). Allocated bytes per operation come from the
/// memory diagnoser: the goal is none on this path.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "BenchmarkDotNet's [GlobalCleanup] closes the sockets and the population; the transport is the population's.")]
public class SipCameraBenchmark
{
    private const int Devices = 100_000;

    // Timer K (T4) short so that completed transactions leave the table within a tick; T1 so that none is re-sent and
    // timer F's queue stays small at a million operations a second.
    private static readonly SipTimers Timers = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(1));

    private readonly CountingObserver _observer = new();
    private readonly byte[] _response = new byte[2048];
    private readonly byte[] _datagram = new byte[620];
    private CapturingTransport _transport = null!;
    private SipDevicePool _pool = null!;
    private byte[] _keepalive = [];
    private Socket _sender = null!;
    private Socket _sink = null!;
    private SocketAddress _sinkAddress = null!;
    private Thread? _drain;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _pool = SipDevicePool.Start(new SipDevicePoolOptions
        {
            Target = new SipTarget(SipTransportKind.Udp, "127.0.0.1", 5070),
            Domain = "3203000000",
            Password = "12345678",
            Devices = Devices,
            Timers = Timers,
            RefreshAt = 0,
        }, _observer, (_, _) => _transport = new CapturingTransport());
        // One keepalive as the cameras write it, for the far end's part alone.
        _pool.Keepalive(0, Ticket(0));
        _keepalive = _transport.Last.ToArray();
        // Answered, or timer E would re-send it into the capturing transport from the timer thread.
        _pool.OnReceived(_response.AsSpan(0, Answer(_keepalive)), _transport.RouteToTarget(0));

        _sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = UdpTransport.SocketBufferBytes };
        _sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _sinkAddress = _sink.LocalEndPoint!.Serialize();
        _sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { SendBufferSize = UdpTransport.SocketBufferBytes };
        _sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _drain = new Thread(Drain) { IsBackground = true, Name = "benchmark-sink" };
        _drain.Start();
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _pool.DisposeAsync();
        _sender.Dispose();
        _sink.Dispose();
        // A keepalive that did not complete Ok (table full, a mismatch) would make the figures those of another path.
        if (_observer.Failed > 0) throw new InvalidOperationException($"{_observer.Failed} keepalives did not complete Ok");
        if (_pool.Counters.ProblemCount > 0) throw new InvalidOperationException($"SIP problems: {string.Join(", ", _pool.Counters.Problems())}");
    }

    /// <summary>Render and hand over a keepalive, then take its 200: the cameras' whole part of one message.</summary>
    [Benchmark(Baseline = true)]
    public void KeepaliveRoundTrip()
    {
        var device = _next++ % Devices;
        _pool.Keepalive(device, Ticket(device));
        var length = Answer(_transport.Last);
        _pool.OnReceived(_response.AsSpan(0, length), _transport.RouteToTarget(0));
    }

    /// <summary>The far end's 200 alone (parse the keepalive, write the answer), included in the round trip.</summary>
    [Benchmark]
    public int FarEndAnswer() => Answer(_keepalive);

    /// <summary>One keepalive-sized datagram sent on loopback: the system call the transport adds per message.</summary>
    [Benchmark]
    public int UdpSendToLoopback() => _sender.SendTo(_datagram, SocketFlags.None, _sinkAddress);

    private int Answer(ReadOnlySpan<byte> request)
    {
        if (SipParser.Parse(request, stream: false, out var message) != SipProblem.None)
            throw new InvalidOperationException("the cameras wrote a keepalive the parser refuses: " + Encoding.UTF8.GetString(request));
        var w = new SipWriter(_response);
        SipResponseWriter.Write(ref w, message, 200, "127.0.0.1"u8, 5060, "MonitorSim"u8);
        return w.Length;
    }

    private static OpTicket Ticket(int device)
    {
        var now = Stopwatch.GetTimestamp();
        return new OpTicket(0, device, now, now);
    }

    private void Drain()
    {
        var buffer = new byte[4096];
        try
        {
            while (true) _sink.Receive(buffer);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // closed at cleanup
        }
    }

    private sealed class CountingObserver : IOperationObserver
    {
        public long Ok;
        public long Failed;

        public void OnCompleted(in OpOutcome outcome)
        {
            // Answers arrive on the benchmark's thread; a timeout would come from the timer thread.
            if (outcome.Status == OpStatus.Ok) Ok++;
            else Interlocked.Increment(ref Failed);
        }
    }

    /// <summary>A UDP-like transport that keeps the last message instead of sending it.</summary>
    private sealed class CapturingTransport : ISipTransport
    {
        private readonly byte[] _last = new byte[4096];
        private int _length;

        public ReadOnlySpan<byte> Last => _last.AsSpan(0, _length);

        public SipTransportKind Kind => SipTransportKind.Udp;

        public int Channels => 1;

        public ReadOnlySpan<byte> SentBy(int channel) => "127.0.0.1:5060"u8;

        public SipRoute RouteToTarget(int channel) => new(channel, 0);

        public ReadOnlySpan<byte> PeerHost(SipRoute route) => "127.0.0.1"u8;

        public int PeerPort(SipRoute route) => 5070;

        public bool Send(ReadOnlySpan<byte> message, SipRoute route)
        {
            message.CopyTo(_last);
            _length = message.Length;
            return true;
        }

        public void Dispose()
        {
        }
    }
}
