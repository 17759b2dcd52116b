using System.Diagnostics;
using MonitorSim.Domain.Operations.Wire;
using MonitorSim.Sip.Auth;
using MonitorSim.Sip.Message;

namespace MonitorSim.Sip.Tests;

public class DigestTests
{
    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    [Fact]
    public void Digest_response_matches_the_RFC_2617_section_3_5_example()
    {
        // RFC 2617 §3.5: Mufasa / "Circle Of Life", GET /dir/index.html, qop=auth, nc=00000001, cnonce 0a4f113b.
        var response = new byte[Digest.HexLength];
        Digest.Response(B("Mufasa"), B("testrealm@host.com"), B("Circle Of Life"), B("GET"), B("/dir/index.html"),
            B("dcd98b7102dd2f0e8b11d0f600bfb0c093"), B("auth"), B("00000001"), B("0a4f113b"), response);
        Assert.Equal("6629fae49393a05397450978507c4ef1", Encoding.ASCII.GetString(response));
    }

    [Fact]
    public void Device_answers_a_GB28181_challenge_exactly_as_the_reference_rendering_does()
    {
        var camera = ReferenceExchanges.Camera();
        var platform = ReferenceExchanges.Platform();
        var nonce = Gb28181Messages.Nonce("x");
        var challenge = $"Digest realm=\"{platform.Id.Domain}\", nonce=\"{nonce}\", algorithm=MD5";
        var buffer = new byte[1024];
        var w = new SipWriter(buffer);
        Assert.True(DigestClient.TryWriteAuthorization(ref w, B(challenge), B(camera.Id.Value), B("12345678"),
            B("REGISTER"), B(platform.Uri), B("0a4f113b")));
        Assert.Equal(Gb28181Messages.DigestAuthorization(camera, platform, nonce, "12345678"), Encoding.ASCII.GetString(w.Written));
    }

    [Fact]
    public void Device_uses_qop_auth_and_echoes_opaque_when_the_challenge_offers_them()
    {
        var buffer = new byte[1024];
        var w = new SipWriter(buffer);
        Assert.True(DigestClient.TryWriteAuthorization(ref w,
            B("Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""),
            B("Mufasa"), B("Circle Of Life"), B("GET"), B("/dir/index.html"), B("0a4f113b")));
        var text = Encoding.ASCII.GetString(w.Written);
        Assert.Contains("response=\"6629fae49393a05397450978507c4ef1\"", text);
        Assert.Contains("qop=auth, nc=00000001", text);
        Assert.Contains("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"", text);
    }

    [Theory]
    [InlineData("Basic realm=\"x\"")]
    [InlineData("Digest realm=\"3203000000\"")]
    [InlineData("Digest realm=\"3203000000\", nonce=\"abc\", algorithm=SHA-256")]
    [InlineData("Digest realm=\"3203000000\", nonce=\"abc\", qop=\"auth-int\"")]
    public void Device_refuses_a_challenge_it_cannot_answer(string challenge)
    {
        var buffer = new byte[1024];
        var w = new SipWriter(buffer);
        Assert.False(DigestClient.TryWriteAuthorization(ref w, B(challenge), B("u"), B("p"), B("REGISTER"), B("sip:x@y"), B("c")));
        Assert.Equal(0, w.Length);
    }

    [Fact]
    public void Registrar_accepts_the_right_password_and_refuses_a_wrong_one_or_a_foreign_nonce()
    {
        var nonces = new NonceIssuer(TimeSpan.FromMinutes(5));
        var now = Stopwatch.GetTimestamp();
        var challenge = Challenge(nonces, now);
        Assert.Equal(DigestCheck.Ok, Check(Authorization(challenge, "pass"), nonces, now));
        Assert.Equal(DigestCheck.BadResponse, Check(Authorization(challenge, "wrong"), nonces, now));
        var foreign = Authorization(B("Digest realm=\"3203000000\", nonce=\"0123456789abcdef0123456789abcdef\""), "pass");
        Assert.Equal(DigestCheck.BadNonce, Check(foreign, nonces, now));
        Assert.Equal(DigestCheck.WrongUser, DigestServer.Verify(Authorization(challenge, "pass"), B("REGISTER"),
            B("32030000001320000002"), B("3203000000"), B("pass"), nonces, now));
    }

    [Fact]
    public void A_nonce_older_than_its_lifetime_is_stale()
    {
        var nonces = new NonceIssuer(TimeSpan.FromSeconds(30));
        var issued = Stopwatch.GetTimestamp();
        var authorization = Authorization(Challenge(nonces, issued), "pass");
        Assert.Equal(DigestCheck.Ok, Check(authorization, nonces, issued + 29 * Stopwatch.Frequency));
        Assert.Equal(DigestCheck.StaleNonce, Check(authorization, nonces, issued + 32 * Stopwatch.Frequency));
    }

    private static byte[] Challenge(NonceIssuer nonces, long now)
    {
        var buffer = new byte[256];
        var w = new SipWriter(buffer);
        DigestServer.WriteChallenge(ref w, B("3203000000"), nonces, now, stale: false);
        var line = w.Written.ToArray();
        return line[("WWW-Authenticate: ".Length)..^2];
    }

    private static byte[] Authorization(byte[] challenge, string password)
    {
        var buffer = new byte[1024];
        var w = new SipWriter(buffer);
        Assert.True(DigestClient.TryWriteAuthorization(ref w, challenge, B("32030000001320000001"), B(password),
            B("REGISTER"), B("sip:32030000002000000001@3203000000"), B("0a4f113b")));
        return w.Written.ToArray();
    }

    private static DigestCheck Check(byte[] authorization, NonceIssuer nonces, long now) =>
        DigestServer.Verify(authorization, B("REGISTER"), B("32030000001320000001"), B("3203000000"), B("pass"), nonces, now);
}
