namespace MonitorSim.Sip.Message;

/// <summary>
/// MANSCDP bodies written straight into a message buffer, for the one sent at a million cameras' rate: the keepalive.
/// The same bytes as the domain's <c>Manscdp.Keepalive</c> (a test holds them equal), which builds a string and
/// suits everything sent less often; this one allocates nothing.
/// </summary>
public static class ManscdpWriter
{
    /// <summary>Bytes of a keepalive body (its fields are fixed-width: a 6-digit SN, a 20-digit code).</summary>
    public const int KeepaliveBytes = 173;

    /// <summary>
    /// A.2.5 status report: <c>Notify</c> / CmdType <c>Keepalive</c> / SN / DeviceID / Status <c>OK</c>, an element a
    /// line, CRLF-ended, after the GB2312 prolog.
    /// </summary>
    /// <param name="deviceCode">The camera's 20-digit code.</param>
    /// <param name="sn">The command serial number, 100000–999999 (6 digits).</param>
    public static void Keepalive(ref SipWriter w, scoped ReadOnlySpan<byte> deviceCode, int sn)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sn, 100_000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sn, 999_999);
        if (deviceCode.Length != 20) throw new ArgumentException("a GB/T 28181 code is 20 digits", nameof(deviceCode));
        w.Write("<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n<Notify>\r\n<CmdType>Keepalive</CmdType>\r\n<SN>"u8);
        w.Number(sn);
        w.Write("</SN>\r\n<DeviceID>"u8);
        w.Write(deviceCode);
        w.Write("</DeviceID>\r\n<Status>OK</Status>\r\n</Notify>\r\n"u8);
    }
}
