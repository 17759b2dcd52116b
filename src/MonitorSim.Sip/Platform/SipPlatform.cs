using System.Diagnostics;
using System.Globalization;
using System.Text;
using MonitorSim.Domain.Operations.Wire;
using MonitorSim.Sip.Auth;
using MonitorSim.Sip.Diagnostics;
using MonitorSim.Sip.Endpoints;
using MonitorSim.Sip.Message;
using MonitorSim.Sip.Transport;

namespace MonitorSim.Sip.Platform;

/// <summary>
/// A GB/T 28181 platform's SIP side: registrar with the digest challenge (§9.1.2; nonces checked without being
/// stored), keepalives (§9.6) and alarm notifies (§9.4: 200 at once, then the alarm notify answer), and the
/// platform's own catalog and device-information queries (§9.5). REGISTER and keepalive are answered statelessly
/// (RFC 3261 §8.2.7: a retransmission is answered again, the same way), so a million devices leave no transaction
/// state; requests whose handling has effects (alarms, catalog pages) go through server transactions.
/// </summary>
public sealed partial class SipPlatform : SipEndpointBase<PlatformTx>
{
    private readonly SipPlatformOptions _options;
    private readonly ISipPlatformBackend? _backend;
    private readonly NonceIssuer _nonces;
    private readonly byte[] _realm;
    private readonly byte[] _password;
    private readonly byte[] _serverCode;
    private long _keepalives;
    private long _alarms;

    private SipPlatform(SipPlatformOptions options, ISipPlatformBackend? backend)
        : base(new SipCounters(options.Log), options.Timers, options.TransactionCapacity, options.UserAgent)
    {
        _options = options;
        _backend = backend;
        _nonces = new NonceIssuer(options.NonceLifetime);
        _realm = Encoding.ASCII.GetBytes(options.Domain);
        _password = Encoding.UTF8.GetBytes(options.Password);
        _serverCode = Encoding.ASCII.GetBytes(options.EffectiveServerId);
    }

    /// <summary>Starts listening; <paramref name="backend"/> null: every registered device is taken as it comes.</summary>
    public static SipPlatform Start(SipPlatformOptions options, ISipPlatformBackend? backend = null)
    {
        var platform = new SipPlatform(options, backend);
        var local = options.Listen.Resolve();
        ISipTransport transport;
        if (options.Listen.Transport == SipTransportKind.Udp)
        {
            var udp = UdpTransport.Open(local, 1, null, platform, platform.Counters);
            platform.Port = udp.LocalPort(0);
            transport = udp;
        }
        else
        {
            var tcp = TcpTransport.Listen(local, platform, platform.Counters);
            platform.Port = tcp.ListenPort;
            transport = tcp;
        }
        platform.Attach(transport);
        return platform;
    }

    /// <summary>The port it listens on (the one asked for, or the one picked for port 0).</summary>
    public int Port { get; private set; }

    /// <summary>Where devices reach it, with the port in force.</summary>
    public SipTarget Address => _options.Listen with { Port = Port };

    /// <summary>The registrar's table.</summary>
    public RegistrationTable Registrations { get; } = new();

    /// <summary>Keepalives answered 200.</summary>
    public long Keepalives => Interlocked.Read(ref _keepalives);

    /// <summary>Alarms taken (duplicates not counted).</summary>
    public long Alarms => Interlocked.Read(ref _alarms);

    protected override void OnRequest(in SipMessage request, SipRoute source)
    {
        switch (request.Method)
        {
            case SipMethod.Ack:
                return;
            case SipMethod.Register:
                OnRegister(request, source);
                return;
            case SipMethod.Message:
                OnMessage(request, source);
                return;
            case SipMethod.Options:
                Respond(request, source, 200);
                return;
            default:
                Counters.Count(SipProblem.UnsupportedMethod, request.Raw);
                Respond(request, source, 405);
                return;
        }
    }

    private void OnRegister(in SipMessage request, SipRoute source)
    {
        var now = Stopwatch.GetTimestamp();
        var user = request.FromUser;
        if (!RegistrationTable.TryKey(user, out var device))
        {
            Counters.Count(SipProblem.UnknownDevice, request.Raw);
            Respond(request, source, 400);
            return;
        }
        Span<byte> extra = stackalloc byte[256];
        var w = new SipWriter(extra);
        if (!request.Has(SipHeader.Authorization))
        {
            DigestServer.WriteChallenge(ref w, _realm, _nonces, now, stale: false);
            Respond(request, source, 401, w.Written);
            return;
        }
        var check = DigestServer.Verify(request[SipHeader.Authorization], "REGISTER"u8, user, _realm, _password, _nonces, now);
        if (check is DigestCheck.StaleNonce or DigestCheck.BadNonce or DigestCheck.Missing)
        {
            DigestServer.WriteChallenge(ref w, _realm, _nonces, now, stale: check == DigestCheck.StaleNonce);
            Respond(request, source, 401, w.Written);
            return;
        }
        if (check != DigestCheck.Ok)
        {
            Counters.Count(SipProblem.AuthFailed, request.Raw);
            Respond(request, source, 403);
            return;
        }
        var expires = request.Expires;
        if (expires < 0) expires = 3600;
        if (expires == 0) Registrations.Remove(device);
        else Registrations.Set(device, source, now + expires * Stopwatch.Frequency);
        if (_backend is null)
        {
            RegisterOk(request, source, expires);
            return;
        }
        var verdict = _backend.RegisterAsync(RegistrationTable.Text(user), expires);
        if (verdict.IsCompletedSuccessfully)
        {
            if (verdict.Result) RegisterOk(request, source, expires);
            else Respond(request, source, 403);
            return;
        }
        _ = AnswerLater(request.Raw.ToArray(), source, verdict, expires);
    }

    /// <summary>200 to REGISTER: Contact and Expires granted, Date for the device's clock (GB/T 28181 §9.10).</summary>
    private void RegisterOk(in SipMessage request, SipRoute source, int expires)
    {
        Span<byte> extra = stackalloc byte[512];
        var w = new SipWriter(extra);
        if (request.Has(SipHeader.Contact)) w.Header("Contact"u8, request[SipHeader.Contact]);
        w.HeaderName("Expires"u8);
        w.Number(expires);
        w.Crlf();
        w.HeaderName("Date"u8);
        Span<byte> date = stackalloc byte[32];
        DateTime.Now.TryFormat(date, out var written, "yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);
        w.Write(date[..written]);
        w.Crlf();
        Respond(request, source, 200, w.Written);
    }

    private void OnMessage(in SipMessage request, SipRoute source)
    {
        var body = request.Body;
        var root = ManscdpReader.Root(body);
        var command = ManscdpReader.Element(body, "CmdType"u8);
        var sn = ManscdpReader.Sn(body);
        if (root.IsEmpty || command.IsEmpty || sn < 0)
        {
            Counters.Count(SipProblem.BadBody, request.Raw);
            Respond(request, source, 400);
            return;
        }
        if (root.SequenceEqual("Notify"u8) && command.SequenceEqual("Keepalive"u8))
        {
            OnKeepalive(request, source);
            return;
        }
        // Everything else has effects: answer a retransmission from the server transaction, not twice.
        if (!ServerTransactions.IsNew(request, Transport, source, Stopwatch.GetTimestamp()))
        {
            Counters.Count(SipEvent.RequestRetransmissions);
            return;
        }
        var alarm = root.SequenceEqual("Notify"u8) && command.SequenceEqual("Alarm"u8);
        // Count the alarm before the 200 leaves: whoever sees the answer must also see it taken.
        if (alarm) Interlocked.Increment(ref _alarms);
        Respond(request, source, 200, remember: true);
        if (alarm) OnAlarm(request, source, sn);
        else if (root.SequenceEqual("Response"u8)) OnQueryAnswer(request, command, sn);
    }

    private void OnKeepalive(in SipMessage request, SipRoute source)
    {
        var user = request.FromUser;
        if (!RegistrationTable.TryKey(user, out var device) || !Registrations.TryRoute(device, Stopwatch.GetTimestamp(), out _))
        {
            Counters.Count(SipProblem.UnknownDevice, request.Raw);
            Respond(request, source, 403);
            return;
        }
        if (_backend is null)
        {
            Interlocked.Increment(ref _keepalives);
            Respond(request, source, 200);
            return;
        }
        // Read at once when already complete, else awaited once by AnswerLater: the one safe way to use a ValueTask twice.
#pragma warning disable CA2012 // the analyzer does not follow the IsCompletedSuccessfully branch
        var verdict = _backend.KeepaliveAsync(RegistrationTable.Text(user));
#pragma warning restore CA2012
        if (verdict.IsCompletedSuccessfully)
        {
            if (verdict.Result) Interlocked.Increment(ref _keepalives);
            Respond(request, source, verdict.Result ? 200 : 403);
            return;
        }
        _ = AnswerLater(request.Raw.ToArray(), source, verdict, -1);
    }

    private void OnAlarm(in SipMessage request, SipRoute source, int sn)
    {
        var user = request.FromUser;
        if (!RegistrationTable.TryKey(user, out var device)) return;
        if (_backend is null)
        {
            SendAlarmAnswer(device, sn, source);
            return;
        }
        var verdict = _backend.AlarmAsync(RegistrationTable.Text(user), sn, request.Body.ToArray());
        if (verdict.IsCompletedSuccessfully)
        {
            if (verdict.Result) SendAlarmAnswer(device, sn, source);
            return;
        }
        _ = AnswerAlarmLater(device, sn, source, verdict);
    }

    private void SendAlarmAnswer(UInt128 device, int sn, SipRoute route)
    {
        var code = RegistrationTable.Code(device);
        var body = Manscdp.AlarmNotifyAnswer(DeviceCode.Parse(code), sn);
        Span<byte> target = stackalloc byte[20];
        RegistrationTable.WriteCode(device, target);
        SendMessage(new PlatformTx(PlatformOp.AlarmAnswer, device, sn), _serverCode, target, body, route);
    }

    private async Task AnswerAlarmLater(UInt128 device, int sn, SipRoute route, ValueTask<bool> verdict)
    {
        try
        {
            if (await verdict.ConfigureAwait(false)) SendAlarmAnswer(device, sn, route);
        }
        catch (Exception e)
        {
            Counters.Count(SipProblem.HandlerError, Encoding.UTF8.GetBytes(e.Message));
        }
    }

    /// <summary>Answers a copied request when the backend has decided: 200 (with the REGISTER extras) or 403.</summary>
    private async Task AnswerLater(byte[] copy, SipRoute source, ValueTask<bool> verdict, int registerExpires)
    {
        bool ok;
        try
        {
            ok = await verdict.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Counters.Count(SipProblem.HandlerError, Encoding.UTF8.GetBytes(e.Message));
            ok = false;
        }
        if (SipParser.Parse(copy, stream: false, out var request) != SipProblem.None) return;
        if (!ok) Respond(request, source, 403);
        else if (registerExpires >= 0) RegisterOk(request, source, registerExpires);
        else
        {
            Interlocked.Increment(ref _keepalives);
            Respond(request, source, 200);
        }
    }

    public override void OnTimeout(in PlatformTx state, int retransmits)
    {
        Counters.Count(SipEvent.Timeouts);
        if (state.Op != PlatformOp.AlarmAnswer) FailQuery(state, new TimeoutException($"no answer from {RegistrationTable.Code(state.Device)}"));
    }

    protected override void OnFinal(in SipMessage response, in PlatformTx state, int retransmits, long now)
    {
        if (response.StatusCode is >= 200 and < 300) return;
        Counters.Count(SipProblem.UnexpectedStatus, response.Raw);
        if (state.Op != PlatformOp.AlarmAnswer)
            FailQuery(state, new InvalidOperationException($"{RegistrationTable.Code(state.Device)} answered {response.StatusCode}"));
    }
}
