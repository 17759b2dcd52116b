using MonitorSim.Domain.Operations.Wire;
using MonitorSim.Sip.Message;

namespace MonitorSim.Sip.Tests;

/// <summary>The bytes this stack sends are the bytes the model counts (the domain's reference renderings).</summary>
public class WriterTests
{
    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    [Fact]
    public void REGISTER_is_byte_for_byte_the_reference_rendering()
    {
        var camera = ReferenceExchanges.Camera();
        var platform = ReferenceExchanges.Platform();
        var tx = SipTransaction.Derive("seed", camera, 1);
        var authorization = Gb28181Messages.DigestAuthorization(camera, platform, Gb28181Messages.Nonce("n"), "12345678");
        foreach (var auth in new[] { null, authorization })
        {
            var expected = Gb28181Messages.Register(camera, platform, tx, auth).Text;
            var buffer = new byte[2048];
            var w = new SipWriter(buffer);
            SipRequestWriter.Register(ref w, Head(camera, camera, platform, tx, auth));
            Assert.Equal(expected, Encoding.UTF8.GetString(w.Written));
        }
    }

    [Fact]
    public void MESSAGE_keepalive_is_byte_for_byte_the_reference_rendering()
    {
        var camera = ReferenceExchanges.Camera();
        var platform = ReferenceExchanges.Platform();
        var tx = SipTransaction.Derive("seed", camera, 20);
        var expected = Gb28181Messages.Keepalive(camera, platform, tx, 421_337);
        var buffer = new byte[2048];
        var w = new SipWriter(buffer);
        SipRequestWriter.Message(ref w, Head(camera, platform, platform, tx, null), Manscdp.Keepalive(camera.Id, 421_337));
        Assert.Equal(expected.Text, Encoding.UTF8.GetString(w.Written));
        Assert.Equal(expected.ByteCount, w.Length);
    }

    [Theory]
    [InlineData(100_000)]
    [InlineData(421_337)]
    [InlineData(999_999)]
    public void A_keepalive_written_without_a_string_is_byte_for_byte_the_reference_rendering(int sn)
    {
        var camera = ReferenceExchanges.Camera();
        var platform = ReferenceExchanges.Platform();
        var tx = SipTransaction.Derive("seed", camera, 20);
        var expected = Gb28181Messages.Keepalive(camera, platform, tx, sn);
        Span<byte> body = stackalloc byte[ManscdpWriter.KeepaliveBytes];
        var bw = new SipWriter(body);
        ManscdpWriter.Keepalive(ref bw, B(camera.Id.Value), sn);
        var buffer = new byte[2048];
        var w = new SipWriter(buffer);
        SipRequestWriter.Message(ref w, Head(camera, platform, platform, tx, null), bw.Written);
        Assert.Equal(expected.Text, Encoding.UTF8.GetString(w.Written));
        Assert.Equal(ManscdpWriter.KeepaliveBytes, bw.Length);
    }

    [Theory]
    [InlineData(99_999, 20)]
    [InlineData(1_000_000, 20)]
    [InlineData(421_337, 19)]
    public void A_keepalive_with_a_serial_number_or_code_of_the_wrong_width_is_refused(int sn, int codeDigits)
    {
        var code = new byte[codeDigits];
        code.AsSpan().Fill((byte)'3');
        var buffer = new byte[256];
        Assert.ThrowsAny<ArgumentException>(() =>
        {
            var w = new SipWriter(buffer);
            ManscdpWriter.Keepalive(ref w, code, sn);
        });
    }

    [Fact]
    public void A_200_to_a_reference_MESSAGE_has_the_size_of_the_reference_200()
    {
        // The reference answer carries the same fields; only the random To tag may differ in its digits, not its width.
        var camera = ReferenceExchanges.Camera();
        var platform = ReferenceExchanges.Platform();
        var tx = SipTransaction.Derive("seed", camera, 20);
        var request = Gb28181Messages.Keepalive(camera, platform, tx, 421_337);
        Assert.Equal(SipProblem.None, SipParser.Parse(Encoding.UTF8.GetBytes(request.Text), stream: false, out var m));
        var buffer = new byte[2048];
        var w = new SipWriter(buffer);
        SipResponseWriter.Write(ref w, m, 200, B(camera.Host), camera.Port, B(platform.UserAgent));
        Assert.Equal(Gb28181Messages.MessageOk(camera, platform, tx).ByteCount, w.Length);
    }

    private static SipRequestHead Head(SipEndpoint from, SipEndpoint to, SipEndpoint target, SipTransaction tx, string? authorization) => new()
    {
        TargetCode = B(target.Id.Value),
        FromCode = B(from.Id.Value),
        ToCode = B(to.Id.Value),
        Transport = "UDP"u8,
        SentBy = B($"{from.Host}:{from.Port}"),
        Branch = B(tx.Branch),
        FromTag = B(tx.FromTag),
        CallId = B(tx.CallId),
        CSeq = tx.CSeq,
        Authorization = authorization is null ? default : B(authorization),
        UserAgent = B(from.UserAgent),
        Expires = Gb28181Messages.RegistrationExpires,
    };
}
