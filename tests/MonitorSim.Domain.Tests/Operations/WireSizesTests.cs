using System.Globalization;
using System.Text;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Operations.Wire;

namespace MonitorSim.Domain.Tests.Operations;

/// <summary>The wire-size model: rendered GB/T 28181 messages, their sizes, and the per-kind lookup.</summary>
public sealed class WireSizesTests
{
    [Fact]
    public void Keepalive_body_is_150_to_180_bytes_as_in_deployed_GB28181_networks()
    {
        var body = Manscdp.Keepalive(DeviceCode.Create("320302", DeviceType.IpCamera, 137), 421_337);
        var message = ReferenceExchanges.Keepalive().Packets[0].Message;

        Assert.InRange(Encoding.UTF8.GetByteCount(body), 150, 180);
        Assert.Equal(body, message.Body);
        Assert.Contains("<CmdType>Keepalive</CmdType>", body);
        Assert.Contains("<Status>OK</Status>", body);
    }

    [Fact]
    public void Sip_head_is_a_few_hundred_bytes_and_a_catalog_item_about_600()
    {
        var keepalive = ReferenceExchanges.Keepalive().Packets[0].Message;

        Assert.InRange(keepalive.ByteCount - keepalive.BodyByteCount, 250, 600);
        Assert.InRange(WireSizes.CatalogItem, 500, 750);
    }

    public static TheoryData<string> AllExchanges()
    {
        var data = new TheoryData<string>();
        foreach (var kind in Enum.GetValues<OperationKind>()) data.Add(kind.ToString());
        data.Add("catalog");
        return data;
    }

    [Theory]
    [MemberData(nameof(AllExchanges))]
    public void Every_message_has_a_true_content_length_and_a_head_ended_by_a_blank_line(string exchange)
    {
        var messages = exchange == "catalog"
            ? [CatalogPage()]
            : WireSizes.Exchange(Enum.Parse<OperationKind>(exchange)).Packets.Select(p => p.Message).ToArray();

        foreach (var message in messages)
        {
            var text = message.Text;
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            Assert.True(end > 0, $"no blank line after the head of:\n{text}");
            Assert.Equal(message.Head, text[..(end + 4)]);
            Assert.Equal(message.Body, text[(end + 4)..]);
            Assert.Equal(Encoding.UTF8.GetByteCount(text), message.ByteCount);

            var lines = message.Head[..end].Split("\r\n");
            var contentLength = lines.Where(l => l.StartsWith("Content-Length: ", StringComparison.Ordinal)).ToArray();
            if (message.StartLine.StartsWith("HTTP/1.1 204", StringComparison.Ordinal))
            {
                Assert.Empty(contentLength); // RFC 9110: a 204 carries neither a length nor a body
                Assert.Equal("", message.Body);
                continue;
            }
            var declared = int.Parse(Assert.Single(contentLength)["Content-Length: ".Length..], CultureInfo.InvariantCulture);
            Assert.Equal(Encoding.UTF8.GetByteCount(message.Body), declared);
            Assert.Equal(message.BodyByteCount, declared);
            if (message.StartLine.StartsWith("MESSAGE ", StringComparison.Ordinal))
            {
                Assert.Contains("Content-Type: Application/MANSCDP+xml", lines);
                Assert.StartsWith("<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n", message.Body);
            }
        }
    }

    [Theory]
    [InlineData("320302", 1, 1, "320300", 1)]
    [InlineData("320382", 999_999, 99, "320300", 1)]
    [InlineData("320324", 17_931, 3_107, "320324", 45)]
    public void Sizes_are_the_same_for_any_device(string county, int cameraSerial, int pointSerial, string platformCivil, int platformSerial)
    {
        var camera = ReferenceExchanges.Camera(cameraSerial, county);
        var platform = ReferenceExchanges.Platform(platformSerial, platformCivil);
        var point = ReferenceExchanges.Point(pointSerial, county);

        Assert.Equal(ReferenceExchanges.Keepalive().Size, ReferenceExchanges.Keepalive(camera, platform, 100_000).Size);
        Assert.Equal(ReferenceExchanges.Keepalive().Size, ReferenceExchanges.Keepalive(camera, platform, 999_999).Size);
        Assert.Equal(ReferenceExchanges.Registration().Size, ReferenceExchanges.Registration(camera, platform).Size);
        foreach (var type in Enum.GetValues<AlarmType>())
        {
            Assert.Equal(
                ReferenceExchanges.Alarm(ReferenceExchanges.SampleAlarm(type)).Size,
                ReferenceExchanges.Alarm(ReferenceExchanges.SampleAlarm(type, camera)).Size);
        }
        Assert.Equal(ReferenceExchanges.Point().Host.Length, point.Host.Length);
        Assert.Equal(DeviceCode.Length, point.Id.Value.Length);
    }

    [Fact]
    public void An_alarm_costs_more_than_a_keepalive_on_every_hop()
    {
        var keepalive = WireSizes.Of(OperationKind.Keepalive);
        var alarm = WireSizes.Of(OperationKind.Alarm);
        var hops = Enum.GetValues<AlarmLeg>().Select(WireSizes.Of).ToArray();

        Assert.Equal(3, hops.Length);
        Assert.All(hops, hop => Assert.True(hop.Sent > keepalive.Sent && hop.Received > keepalive.Received, $"{hop} vs keepalive {keepalive}"));
        Assert.Equal(alarm, hops.Aggregate((a, b) => a + b));
        Assert.Equal(12, WireSizes.Exchange(OperationKind.Alarm).Packets.Count); // notify, 200, answer, 200 per hop
    }

    [Fact]
    public void Registration_counts_both_round_trips_of_the_digest_challenge()
    {
        var packets = WireSizes.Exchange(OperationKind.Registration).Packets;
        var size = WireSizes.Of(OperationKind.Registration);

        Assert.Equal(
            ["REGISTER", "SIP/2.0 401 Unauthorized", "REGISTER", "SIP/2.0 200 OK"],
            packets.Select(p => p.Message.StartLine.StartsWith("REGISTER ", StringComparison.Ordinal) ? "REGISTER" : p.Message.StartLine));
        Assert.Equal(packets[0].Message.ByteCount + packets[2].Message.ByteCount, size.Sent);
        Assert.Equal(packets[1].Message.ByteCount + packets[3].Message.ByteCount, size.Received);

        var nonce = packets[1].Message.Head.Split("nonce=\"")[1][..32];
        Assert.Contains($"Authorization: Digest username=\"{ReferenceExchanges.Camera().Id.Value}\"", packets[2].Message.Head);
        Assert.Contains($"nonce=\"{nonce}\"", packets[2].Message.Head);
        Assert.Contains("Expires: 3600\r\n", packets[0].Message.Head);
        Assert.Matches(@"\r\nDate: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\r\n", packets[3].Message.Head);
    }

    [Fact]
    public void Every_operation_kind_has_a_wire_size()
    {
        foreach (var kind in Enum.GetValues<OperationKind>())
        {
            Assert.True(WireSizes.TryOf(kind, out var size), $"{kind} has no wire model");
            Assert.True(size.Sent > 0 && size.Received > 0, $"{kind}: {size}");
            Assert.Equal(size, WireSizes.Of(kind));
            Assert.Equal(size, WireSizes.Exchange(kind).Size);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => WireSizes.Of((OperationKind)99));
    }

    [Fact]
    public void Lookup_does_not_allocate()
    {
        var kinds = Enum.GetValues<OperationKind>();
        long total = WireSizes.Of(kinds[0]).Total; // runs the static constructor

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++) total += WireSizes.Of(kinds[i % kinds.Length]).Sent;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(total > 0);
    }

    [Fact]
    public void Device_codes_are_twenty_digits_with_the_standard_fields()
    {
        var code = DeviceCode.Create(DeviceCode.XuzhouCivilCode, DeviceType.SipServer, 1);

        Assert.Equal("32030000002000000001", code.Value);
        Assert.Equal("3203000000", code.Domain);
        Assert.Equal(DeviceType.SipServer, code.Type);
        Assert.Equal(1, code.Serial);
        Assert.Throws<ArgumentOutOfRangeException>(() => DeviceCode.Create("320302", DeviceType.IpCamera, 1_000_000));
        Assert.Throws<ArgumentException>(() => DeviceCode.Create("3203", DeviceType.IpCamera, 1));
    }

    private static WireMessage CatalogPage()
    {
        var platform = ReferenceExchanges.Platform();
        var city = ReferenceExchanges.City();
        var entry = ReferenceExchanges.CatalogEntry();
        var tx = SipTransaction.Derive("catalog", platform, 7);
        return Gb28181Messages.Message(platform, city, tx, Manscdp.CatalogResponse(platform.Id, 300_001, 25, [entry, entry]));
    }
}
