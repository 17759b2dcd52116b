using System.Diagnostics;
using System.Text;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Operations.Wire;
using MonitorSim.Sip.Auth;
using MonitorSim.Sip.Diagnostics;
using MonitorSim.Sip.Message;
using MonitorSim.Sip.Transport;

namespace MonitorSim.Sip.Devices;

/// <summary>The cameras' side of what comes back: final responses, timeouts, and the platform's requests.</summary>
public sealed partial class SipDevicePool
{
    private static readonly string[] StatusReasons = [.. Enumerable.Range(0, 700).Select(s => $"sip_{s}")];

    protected override void OnFinal(in SipMessage response, in DeviceTx state, int retransmits, long now)
    {
        var status = response.StatusCode;
        switch (state.Op)
        {
            case DeviceOp.Register or DeviceOp.Refresh or DeviceOp.RegisterAuth or DeviceOp.RefreshAuth when status is 401:
                Challenged(response, state, retransmits, now);
                return;
            case DeviceOp.Register or DeviceOp.Refresh or DeviceOp.RegisterAuth or DeviceOp.RefreshAuth when status is >= 200 and < 300:
                var granted = response.Expires;
                if (granted == 0) MarkUnregistered(state.Device);
                else MarkRegistered(state.Device, granted > 0 ? granted : _options.ExpiresSeconds, now);
                Complete(state, OpStatus.Ok, null, now);
                return;
            case DeviceOp.Register or DeviceOp.Refresh or DeviceOp.RegisterAuth or DeviceOp.RefreshAuth:
                MarkUnregistered(state.Device);
                break;
        }
        if (status is >= 200 and < 300)
        {
            Complete(state, OpStatus.Ok, null, now);
            return;
        }
        Counters.Count(SipProblem.UnexpectedStatus, response.Raw);
        Complete(state, OpStatus.Rejected, StatusReasons[Math.Clamp(status, 0, 699)], now);
    }

    public override void OnTimeout(in DeviceTx state, int retransmits)
    {
        Counters.Count(SipEvent.Timeouts);
        Complete(state, OpStatus.Failed, "sip_timeout", Stopwatch.GetTimestamp());
    }

    /// <summary>401: answer the challenge once (twice if the nonce went stale); a second refusal is an auth failure.</summary>
    private void Challenged(in SipMessage response, in DeviceTx state, int retransmits, long now)
    {
        var second = state.Op is DeviceOp.RegisterAuth or DeviceOp.RefreshAuth;
        var challenge = response[SipHeader.WwwAuthenticate];
        var stale = SipParams.TryGetAuth(challenge, "stale"u8, out var staleValue) && Ascii.EqualsIgnoreCase(staleValue, "true"u8);
        if (second && (!stale || state.Attempt >= 2))
        {
            MarkUnregistered(state.Device);
            Counters.Count(SipProblem.AuthFailed, response.Raw);
            Complete(state, OpStatus.Rejected, "auth_failed", now);
            return;
        }
        Span<byte> code = stackalloc byte[20];
        Codes.Write(state.Device, code);
        Span<byte> cnonce = stackalloc byte[8];
        var cw = new SipWriter(cnonce);
        cw.Hex((ulong)Stopwatch.GetTimestamp() & 0xFFFF_FFFF, 8);
        Span<byte> authorization = stackalloc byte[640];
        var w = new SipWriter(authorization);
        if (!DigestClient.TryWriteAuthorization(ref w, challenge, code, _password, "REGISTER"u8, _serverUri, cnonce))
        {
            Counters.Count(SipProblem.BadChallenge, response.Raw);
            Complete(state, OpStatus.Rejected, "bad_challenge", now);
            return;
        }
        var next = state with
        {
            Op = state.Op is DeviceOp.Refresh or DeviceOp.RefreshAuth ? DeviceOp.RefreshAuth : DeviceOp.RegisterAuth,
            Retransmits = state.Retransmits + retransmits,
            Attempt = state.Attempt + 1,
        };
        SendRegister(next, w.Written);
    }

    protected override void OnRequest(in SipMessage request, SipRoute source)
    {
        if (request.Method == SipMethod.Ack) return; // never answered (RFC 3261 §17.2.1)
        if (!Codes.TryIndex(request.RequestUser, out var device) || device >= Devices)
        {
            Counters.Count(SipProblem.UnknownDevice, request.Raw);
            Respond(request, source, 404);
            return;
        }
        switch (request.Method)
        {
            case SipMethod.Message:
                OnManscdp(request, source, device);
                return;
            case SipMethod.Options:
                Respond(request, source, 200);
                return;
            default:
                // INVITE (live video) and the rest of the standard are outside what these cameras model.
                Counters.Count(SipProblem.UnsupportedMethod, request.Raw);
                Respond(request, source, 501);
                return;
        }
    }

    /// <summary>A MANSCDP request: 200 at once (kept for retransmissions), then the answer as a MESSAGE of its own.</summary>
    private void OnManscdp(in SipMessage request, SipRoute source, int device)
    {
        if (!ServerTransactions.IsNew(request, Transport, source, Stopwatch.GetTimestamp()))
        {
            Counters.Count(SipEvent.RequestRetransmissions);
            return;
        }
        var body = request.Body;
        var root = ManscdpReader.Root(body);
        var command = ManscdpReader.Element(body, "CmdType"u8);
        var sn = ManscdpReader.Sn(body);
        if (root.IsEmpty || command.IsEmpty || sn < 0)
        {
            Counters.Count(SipProblem.BadBody, request.Raw);
            Respond(request, source, 400, remember: true);
            return;
        }
        Respond(request, source, 200, remember: true);
        var platform = request.FromUser;
        if (platform.Length != DeviceCode.Length) return;
        if (root.SequenceEqual("Query"u8) && command.SequenceEqual("Catalog"u8))
            AnswerCatalog(device, sn, platform, source);
        else if (root.SequenceEqual("Query"u8) && command.SequenceEqual("DeviceInfo"u8))
            AnswerDeviceInfo(device, sn, platform, source);
        // Anything else (the platform's alarm answer, controls) needs no answer beyond the 200.
    }

    /// <summary>
    /// The catalog of one IP camera is the camera itself (SumNum 1), one page. A camera over UDP keeps each page
    /// within one datagram, as the standard asks of paged answers.
    /// </summary>
    private void AnswerCatalog(int device, int sn, ReadOnlySpan<byte> platform, SipRoute route)
    {
        var code = DeviceCode.Parse(Codes.Of(device));
        var parent = DeviceCode.Parse(Encoding.ASCII.GetString(platform));
        var sentBy = Encoding.ASCII.GetString(Transport.SentBy(route.Channel));
        var colon = sentBy.LastIndexOf(':');
        var entry = new CatalogEntry(code, $"IPC-{device:D6}", "MonitorSim", "SIM-IPC", "MonitorSim",
            "MonitorSim loopback", parent, colon > 0 ? sentBy[..colon] : sentBy, SipEndpoint.DefaultPort, true,
            117.184811 + device % 1000 * 1e-5, 34.261792 + device / 1000 % 1000 * 1e-5);
        var body = Manscdp.CatalogResponse(code, sn, 1, [entry]);
        SendMessage(new DeviceTx(device, DeviceOp.CatalogPage, default), platform, body, route);
    }

    private void AnswerDeviceInfo(int device, int sn, ReadOnlySpan<byte> platform, SipRoute route)
    {
        var code = DeviceCode.Parse(Codes.Of(device));
        var body = Manscdp.DeviceInfoResponse(code, sn, $"IPC-{device:D6}", "MonitorSim", "SIM-IPC", "1.0.0", 1);
        SendMessage(new DeviceTx(device, DeviceOp.DeviceInfo, default), platform, body, route);
    }
}
