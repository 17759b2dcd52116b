using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MonitorSim.Domain.Operations.Wire;

/// <summary>
/// Renders the SIP messages of GB/T 28181-2016 §9 as a device or platform puts them on the wire: MESSAGE requests
/// carrying MANSCDP XML (<c>Content-Type: Application/MANSCDP+xml</c>, §9.3.1 / appendix A), REGISTER with the
/// RFC 3261 digest challenge (§9.1.2.1), and their responses. Header order and forms follow what common cameras,
/// NVRs and platforms send; the values that real user agents draw at random (tags, branch, Call-ID, nonce) come from
/// <see cref="SipTransaction"/> with the same widths.
/// </summary>
public static class Gb28181Messages
{
    /// <summary>Content type of every MANSCDP body (§9.3.1).</summary>
    public const string ManscdpContentType = "Application/MANSCDP+xml";

    /// <summary>Registration lifetime the model uses (§9.1.2: not below 3600 s; docs/domain.md#registration-and-keepalive).</summary>
    public const int RegistrationExpires = 3600;

    /// <summary>A MESSAGE request from <paramref name="from"/> to <paramref name="to"/> carrying a MANSCDP body.</summary>
    public static WireMessage Message(SipEndpoint from, SipEndpoint to, SipTransaction tx, string manscdpBody) =>
        new HeadBuilder($"MESSAGE {to.Uri} SIP/2.0")
            .Add("Via", $"SIP/2.0/UDP {Sent(from)};rport;branch={tx.Branch}")
            .Add("From", $"<{from.Uri}>;tag={tx.FromTag}")
            .Add("To", $"<{to.Uri}>")
            .Add("Call-ID", tx.CallId)
            .Add("CSeq", CSeq(tx, "MESSAGE"))
            .Add("Content-Type", ManscdpContentType)
            .Add("Max-Forwards", "70")
            .Add("User-Agent", from.UserAgent)
            .WithBody(manscdpBody);

    /// <summary>A keepalive (§9.6 status report): MESSAGE with a Keepalive notify.</summary>
    public static WireMessage Keepalive(SipEndpoint device, SipEndpoint platform, SipTransaction tx, int sn) =>
        Message(device, platform, tx, Manscdp.Keepalive(device.Id, sn));

    /// <summary>
    /// A bodiless final response from <paramref name="responder"/> to a request <paramref name="requester"/> sent in
    /// <paramref name="tx"/> (RFC 3261 §8.2.6: Via with received/rport filled in, From/Call-ID/CSeq copied, To tagged).
    /// </summary>
    /// <param name="toAor">The request's To: the responder for a MESSAGE, the registering device for a REGISTER.</param>
    public static WireMessage Response(
        int status, string reason, SipEndpoint requester, SipEndpoint responder, SipEndpoint toAor, SipTransaction tx,
        string method, params (string Name, string Value)[] extraHeaders)
    {
        var head = new HeadBuilder(string.Create(CultureInfo.InvariantCulture, $"SIP/2.0 {status} {reason}"))
            .Add("Via", string.Create(CultureInfo.InvariantCulture,
                $"SIP/2.0/UDP {Sent(requester)};rport={requester.Port};received={requester.Host};branch={tx.Branch}"))
            .Add("From", $"<{requester.Uri}>;tag={tx.FromTag}")
            .Add("To", $"<{toAor.Uri}>;tag={tx.ToTag}")
            .Add("Call-ID", tx.CallId)
            .Add("CSeq", CSeq(tx, method));
        foreach (var (name, value) in extraHeaders) head.Add(name, value);
        return head.Add("User-Agent", responder.UserAgent).WithBody("");
    }

    /// <summary>200 OK to a MESSAGE.</summary>
    public static WireMessage MessageOk(SipEndpoint requester, SipEndpoint responder, SipTransaction tx) =>
        Response(200, "OK", requester, responder, responder, tx, "MESSAGE");

    /// <summary>
    /// REGISTER (§9.1.2.1): to the platform's SIP server, From and To both the device's address of record,
    /// Contact at its transport address, <c>Expires: 3600</c>; with <paramref name="authorization"/> once challenged.
    /// </summary>
    public static WireMessage Register(
        SipEndpoint device, SipEndpoint server, SipTransaction tx, string? authorization = null)
    {
        var head = new HeadBuilder($"REGISTER {server.Uri} SIP/2.0")
            .Add("Via", $"SIP/2.0/UDP {Sent(device)};rport;branch={tx.Branch}")
            .Add("From", $"<{device.Uri}>;tag={tx.FromTag}")
            .Add("To", $"<{device.Uri}>")
            .Add("Call-ID", tx.CallId)
            .Add("CSeq", CSeq(tx, "REGISTER"))
            .Add("Contact", $"<{device.ContactUri}>");
        if (authorization is not null) head.Add("Authorization", authorization);
        return head
            .Add("Max-Forwards", "70")
            .Add("User-Agent", device.UserAgent)
            .Add("Expires", RegistrationExpires.ToString(CultureInfo.InvariantCulture))
            .WithBody("");
    }

    /// <summary>401 Unauthorized with the digest challenge; the realm is the server's 10-digit domain.</summary>
    public static WireMessage Unauthorized(SipEndpoint device, SipEndpoint server, SipTransaction tx, string nonce) =>
        Response(401, "Unauthorized", device, server, device, tx, "REGISTER",
            ("WWW-Authenticate", $"Digest realm=\"{server.Id.Domain}\", nonce=\"{nonce}\", algorithm=MD5"));

    /// <summary>
    /// The Authorization header answering <paramref name="nonce"/> (RFC 2617 digest without qop, as GB/T 28181
    /// devices send it): the username is the device code, the response a real MD5 over the password.
    /// </summary>
    public static string DigestAuthorization(SipEndpoint device, SipEndpoint server, string nonce, string password)
    {
        var realm = server.Id.Domain;
        var uri = server.Uri;
        var ha1 = Md5Hex($"{device.Id.Value}:{realm}:{password}");
        var ha2 = Md5Hex($"REGISTER:{uri}");
        var response = Md5Hex($"{ha1}:{nonce}:{ha2}");
        return $"Digest username=\"{device.Id.Value}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", " +
               $"response=\"{response}\", algorithm=MD5";
    }

    /// <summary>
    /// 200 OK to the authorised REGISTER, with <c>Date</c> in the standard's time-sync form
    /// <c>yyyy-MM-ddTHH:mm:ss.fff</c> (§9.10: devices set their clock from the registration answer).
    /// </summary>
    public static WireMessage RegisterOk(SipEndpoint device, SipEndpoint server, SipTransaction tx, DateTime date) =>
        Response(200, "OK", device, server, device, tx, "REGISTER",
            ("Contact", $"<{device.ContactUri}>"),
            ("Expires", RegistrationExpires.ToString(CultureInfo.InvariantCulture)),
            ("Date", date.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture)));

    /// <summary>A 32-hex-digit nonce (MD5 width), derived from a seed.</summary>
    public static string Nonce(string seed) => Md5Hex("nonce:" + seed);

    private static string Sent(SipEndpoint e) => string.Create(CultureInfo.InvariantCulture, $"{e.Host}:{e.Port}");

    private static string CSeq(SipTransaction tx, string method) =>
        string.Create(CultureInfo.InvariantCulture, $"{tx.CSeq} {method}");

    [SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms",
        Justification = "The REGISTER digest is the protocol's (RFC 2617, GB/T 28181 §9.1.2.1: MD5); the nonce only needs its width.")]
    private static string Md5Hex(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
}
