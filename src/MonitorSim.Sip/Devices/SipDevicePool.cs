using System.Diagnostics;
using System.Net;
using System.Text;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Operations.Wire;
using MonitorSim.Sip.Diagnostics;
using MonitorSim.Sip.Endpoints;
using MonitorSim.Sip.Message;
using MonitorSim.Sip.Transactions;
using MonitorSim.Sip.Transport;

namespace MonitorSim.Sip.Devices;

/// <summary>
/// A population of GB/T 28181 cameras on a few shared sockets, each a SIP user agent of its own: REGISTER answered
/// with the digest challenge and then authorised (§9.1.2), renewed before it expires, MESSAGE keepalives (§9.6) and
/// alarm notifies (§9.4), and answers to the platform's catalog and device-information queries (§9.5). Each
/// operation the engine starts is one SIP exchange; its outcome goes to the <see cref="IOperationObserver"/> when the
/// final response arrives (or timer F fires), stamped with the arrival time, so response time runs from the ticket's
/// intended start as for every other operation.
/// </summary>
public sealed partial class SipDevicePool : SipEndpointBase<DeviceTx>
{
    private readonly SipDevicePoolOptions _options;
    private readonly IOperationObserver _observer;
    private readonly byte[] _serverCode;
    private readonly byte[] _serverUri;
    private readonly byte[] _password;
    private readonly int[] _registerCSeq;
    private readonly long[] _refreshAt;
    private readonly int[] _isRegistered;
    private readonly PriorityQueue<int, long> _refreshes = new();
    private readonly Lock _refreshGate = new();
    private int _registered;

    private SipDevicePool(SipDevicePoolOptions options, IOperationObserver observer)
        : base(new SipCounters(options.Log), options.Timers, options.TransactionCapacity, options.UserAgent)
    {
        if (options.Devices is < 1 or > SipDeviceCodes.MaxDevices)
            throw new ArgumentOutOfRangeException(nameof(options), options.Devices, $"devices must be 1 to {SipDeviceCodes.MaxDevices}");
        _options = options;
        _observer = observer;
        Codes = new SipDeviceCodes(options.Domain);
        var server = options.EffectiveServerId;
        if (server.Length != 20 || !server.All(char.IsAsciiDigit))
            throw new ArgumentException($"a SIP server code is 20 digits, got '{server}'", nameof(options));
        _serverCode = Encoding.ASCII.GetBytes(server);
        _serverUri = Encoding.ASCII.GetBytes($"sip:{server}@{server[..10]}");
        _password = Encoding.UTF8.GetBytes(options.Password);
        _registerCSeq = new int[options.Devices];
        _refreshAt = new long[options.Devices];
        _isRegistered = new int[options.Devices];
    }

    /// <summary>Opens the sockets (or connections) and starts the cameras' timers; no camera has registered yet.</summary>
    public static async Task<SipDevicePool> StartAsync(SipDevicePoolOptions options, IOperationObserver observer, CancellationToken cancel = default)
    {
        var pool = new SipDevicePool(options, observer);
        var target = options.Target.Resolve();
        var local = IPAddress.Parse(options.LocalAddress
            ?? (IPAddress.IsLoopback(target.Address) ? target.Address.ToString() : IPAddress.Any.ToString()));
        ISipTransport transport = options.Target.Transport == SipTransportKind.Udp
            ? UdpTransport.Open(new IPEndPoint(local, 0), options.Channels, target, pool, pool.Counters)
            : await TcpTransport.ConnectAsync(target, options.Channels, pool, pool.Counters, cancel).ConfigureAwait(false);
        pool.Attach(transport);
        return pool;
    }

    /// <summary>
    /// Starts a population on a transport <paramref name="open"/> makes (given the population as its receiver and its
    /// counters): for benchmarks that measure the cameras' own cost without a socket.
    /// </summary>
    internal static SipDevicePool Start(SipDevicePoolOptions options, IOperationObserver observer, Func<ISipReceiver, SipCounters, ISipTransport> open)
    {
        var pool = new SipDevicePool(options, observer);
        pool.Attach(open(pool, pool.Counters));
        return pool;
    }

    /// <summary>The cameras' codes.</summary>
    public SipDeviceCodes Codes { get; }

    /// <summary>Cameras in the population.</summary>
    public int Devices => _options.Devices;

    /// <summary>Cameras whose last registration attempt succeeded.</summary>
    public int Registered => Volatile.Read(ref _registered);

    /// <summary>Registers camera <paramref name="device"/>: REGISTER, 401, authorised REGISTER, 200.</summary>
    public void Register(int device, OpTicket ticket) =>
        SendRegister(new DeviceTx(device, DeviceOp.Register, ticket), default);

    /// <summary>Sends camera <paramref name="device"/>'s keepalive (MESSAGE Notify/Keepalive).</summary>
    public void Keepalive(int device, OpTicket ticket)
    {
        // A million cameras' message: written straight into the request, nothing allocated (no string body).
        Span<byte> code = stackalloc byte[20];
        Codes.Write(device, code);
        Span<byte> body = stackalloc byte[ManscdpWriter.KeepaliveBytes];
        var w = new SipWriter(body);
        ManscdpWriter.Keepalive(ref w, code, NextSn());
        var state = new DeviceTx(device, DeviceOp.Keepalive, ticket);
        if (!SendMessage(state, code, _serverCode, w.Written, Transport.RouteToTarget(device % Transport.Channels)))
            Complete(state, OpStatus.Failed, "sip_send_failed", Stopwatch.GetTimestamp());
    }

    /// <summary>Raises an alarm at camera <paramref name="device"/> (MESSAGE Notify/Alarm).</summary>
    public void RaiseAlarm(int device, AlarmType type, OpTicket ticket)
    {
        var sn = NextSn();
        var notice = new AlarmNotice(DeviceCode.Parse(Codes.Of(device)), type, type == AlarmType.Conflict ? 1 : 3,
            DateTime.Now, 117.184811 + device % 1000 * 1e-5, 34.261792 + device / 1000 % 1000 * 1e-5);
        SendMessage(new DeviceTx(device, DeviceOp.Alarm, ticket), _serverCode, Manscdp.AlarmNotify(notice, sn), default);
    }

    private void SendRegister(in DeviceTx state, ReadOnlySpan<byte> authorization)
    {
        var device = state.Device;
        var cseq = Interlocked.Increment(ref _registerCSeq[device]);
        var channel = device % Transport.Channels;
        var sentBy = Transport.SentBy(channel);
        Span<byte> code = stackalloc byte[20];
        Codes.Write(device, code);
        Span<byte> callId = stackalloc byte[16 + 1 + sentBy.Length];
        // One Call-ID per camera and boot for all its registrations (RFC 3261 §10.2), the CSeq rising.
        var callIdLength = WriteCallId(callId, (ulong)Boot << 48 | (uint)device, sentBy);
        if (!Begin(state, SipMethod.Register, cseq, callId[..callIdLength], 1024, out var tx, out var buffer))
        {
            Complete(state, OpStatus.Failed, "sip_table_full", Stopwatch.GetTimestamp());
            return;
        }
        Span<byte> branch = stackalloc byte[ClientTransactions<DeviceTx>.BranchLength];
        Span<byte> fromTag = stackalloc byte[8];
        var route = Transport.RouteToTarget(channel);
        var head = HeadFor(tx, route, branch, fromTag, (uint)device * 2654435761u ^ Boot);
        head.TargetCode = _serverCode;
        head.FromCode = code;
        head.ToCode = code;
        head.CallId = callId[..callIdLength];
        head.CSeq = cseq;
        head.Authorization = authorization;
        head.Expires = _options.ExpiresSeconds;
        var w = new SipWriter(buffer);
        SipRequestWriter.Register(ref w, head);
        if (!Send(tx, buffer, w.Length, route))
            Complete(state, OpStatus.Failed, "sip_send_failed", Stopwatch.GetTimestamp());
    }

    /// <summary>Sends a MESSAGE from <paramref name="state"/>'s camera to <paramref name="target"/>; default route: the platform.</summary>
    private void SendMessage(in DeviceTx state, ReadOnlySpan<byte> target, string body, SipRoute? route)
    {
        Span<byte> code = stackalloc byte[20];
        Codes.Write(state.Device, code);
        if (!SendMessage(state, code, target, body, route ?? Transport.RouteToTarget(state.Device % Transport.Channels)))
            Complete(state, OpStatus.Failed, "sip_send_failed", Stopwatch.GetTimestamp());
    }

    /// <summary>Renews the registrations that are due.</summary>
    protected override void OnTick(long now)
    {
        while (true)
        {
            int device;
            lock (_refreshGate)
            {
                if (!_refreshes.TryPeek(out device, out var due) || due > now) return;
                _refreshes.Dequeue();
                if (_refreshAt[device] != due) continue; // registered again since: a later refresh is queued
                _refreshAt[device] = 0;
            }
            SendRegister(new DeviceTx(device, DeviceOp.Refresh, default), default);
        }
    }

    private void MarkRegistered(int device, int grantedSeconds, long now)
    {
        if (Interlocked.Exchange(ref _isRegistered[device], 1) == 0) Interlocked.Increment(ref _registered);
        if (_options.RefreshAt <= 0 || grantedSeconds <= 0) return;
        var due = now + (long)(grantedSeconds * _options.RefreshAt * Stopwatch.Frequency);
        lock (_refreshGate)
        {
            _refreshAt[device] = due;
            _refreshes.Enqueue(device, due);
        }
    }

    private void MarkUnregistered(int device)
    {
        if (Interlocked.Exchange(ref _isRegistered[device], 0) == 1) Interlocked.Decrement(ref _registered);
    }


    private void Complete(in DeviceTx state, OpStatus status, string? reason, long now)
    {
        if (state.Op is DeviceOp.Refresh or DeviceOp.RefreshAuth)
        {
            Counters.Count(status == OpStatus.Ok ? SipEvent.Refreshes : SipEvent.RefreshFailures);
            return;
        }
        if (state.Op is DeviceOp.CatalogPage or DeviceOp.DeviceInfo) return;
        var kind = state.Op switch
        {
            DeviceOp.Keepalive => OperationKind.Keepalive,
            DeviceOp.Alarm => OperationKind.Alarm,
            _ => OperationKind.Registration,
        };
        _observer.OnCompleted(new OpOutcome(state.Ticket, kind, status, now, Reason: reason));
    }
}
