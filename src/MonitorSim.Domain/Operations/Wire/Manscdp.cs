using System.Globalization;
using System.Text;

namespace MonitorSim.Domain.Operations.Wire;

/// <summary>An alarm as its source device reports it (GB/T 28181-2016 §9.4, A.2.5 alarm notify).</summary>
/// <param name="Source">The alarming camera; every hop forwards the notify with the camera's code as DeviceID.</param>
/// <param name="Priority">1–4 (一级 … 四级警情).</param>
public sealed record AlarmNotice(DeviceCode Source, AlarmType Type, int Priority, DateTime Time, double Longitude, double Latitude);

/// <summary>One device of a catalog response (GB/T 28181-2016 §9.5.1, A.2.6 catalog item).</summary>
public sealed record CatalogEntry(
    DeviceCode Id,
    string Name,
    string Manufacturer,
    string Model,
    string Owner,
    string Address,
    DeviceCode Parent,
    string IpAddress,
    int Port,
    bool Online,
    double Longitude,
    double Latitude);

/// <summary>
/// MANSCDP bodies (GB/T 28181-2016 appendix A): an XML prolog declaring GB2312, then one of the roots
/// <c>Query</c> / <c>Notify</c> / <c>Response</c> / <c>Control</c> holding CmdType, SN and DeviceID first.
/// Elements one per line, CRLF-ended, no indentation, as embedded devices send them.
/// </summary>
/// <remarks>
/// Sizes are counted in UTF-8 (the harness's transport encoding). The prolog says GB2312, where a Han character is
/// 2 bytes instead of UTF-8's 3; the few Chinese names and descriptions below (6–20 characters) therefore overstate
/// a GB2312 wire by that many bytes. Everything else is ASCII and identical in both encodings.
/// </remarks>
public static class Manscdp
{
    /// <summary>SN (command serial number) width: 6 digits, the range platforms draw from (100000–999999).</summary>
    public const int SnDigits = 6;

    private const string Prolog = "<?xml version=\"1.0\" encoding=\"GB2312\"?>";

    /// <summary>A.2.5 status report (keepalive): Notify / Keepalive / SN / DeviceID / Status OK.</summary>
    public static string Keepalive(DeviceCode device, int sn) => new XmlBody("Notify")
        .Element("CmdType", "Keepalive")
        .Element("SN", Sn(sn))
        .Element("DeviceID", device.Value)
        .Element("Status", "OK")
        .End();

    /// <summary>A.2.5 alarm notify: DeviceID, AlarmPriority, AlarmMethod, AlarmTime, AlarmDescription, position, Info/AlarmType.</summary>
    public static string AlarmNotify(AlarmNotice alarm, int sn)
    {
        var (method, type, description) = AlarmCodes.Of(alarm.Type);
        return new XmlBody("Notify")
            .Element("CmdType", "Alarm")
            .Element("SN", Sn(sn))
            .Element("DeviceID", alarm.Source.Value)
            .Element("AlarmPriority", Int(alarm.Priority))
            .Element("AlarmMethod", Int(method))
            .Element("AlarmTime", Time(alarm.Time))
            .Element("AlarmDescription", description)
            .Element("Longitude", Degrees(alarm.Longitude))
            .Element("Latitude", Degrees(alarm.Latitude))
            .Open("Info")
            .Element("AlarmType", Int(type))
            .Close("Info")
            .End();
    }

    /// <summary>A.2.6 alarm notify answer (报警通知应答): the receiver's Response carrying the notify's SN and Result OK.</summary>
    public static string AlarmNotifyAnswer(DeviceCode source, int sn) => new XmlBody("Response")
        .Element("CmdType", "Alarm")
        .Element("SN", Sn(sn))
        .Element("DeviceID", source.Value)
        .Element("Result", "OK")
        .End();

    /// <summary>A.2.4 alarm query: priority range, method (0 = all) and time window of the alarms asked for.</summary>
    public static string AlarmQuery(DeviceCode target, int sn, DateTime from, DateTime to) => new XmlBody("Query")
        .Element("CmdType", "Alarm")
        .Element("SN", Sn(sn))
        .Element("DeviceID", target.Value)
        .Element("StartAlarmPriority", "1")
        .Element("EndAlarmPriority", "4")
        .Element("AlarmMethod", "0")
        .Element("StartAlarmTime", Time(from))
        .Element("EndAlarmTime", Time(to))
        .End();

    /// <summary>
    /// The answer to an alarm query: Response / Alarm with SumNum and an AlarmList of items shaped like the notify.
    /// The 2016 text leaves this body's layout to implementations; this is the common one (an assumption).
    /// </summary>
    public static string AlarmQueryResponse(DeviceCode target, int sn, IReadOnlyList<AlarmNotice> alarms)
    {
        var xml = new XmlBody("Response")
            .Element("CmdType", "Alarm")
            .Element("SN", Sn(sn))
            .Element("DeviceID", target.Value)
            .Element("SumNum", Int(alarms.Count))
            .Open("AlarmList", $"Num=\"{Int(alarms.Count)}\"");
        foreach (var alarm in alarms)
        {
            var (method, type, description) = AlarmCodes.Of(alarm.Type);
            xml.Open("Item")
                .Element("DeviceID", alarm.Source.Value)
                .Element("AlarmPriority", Int(alarm.Priority))
                .Element("AlarmMethod", Int(method))
                .Element("AlarmTime", Time(alarm.Time))
                .Element("AlarmDescription", description)
                .Open("Info")
                .Element("AlarmType", Int(type))
                .Close("Info")
                .Close("Item");
        }
        return xml.Close("AlarmList").End();
    }

    /// <summary>
    /// A.2.6 catalog item (one <c>&lt;Item&gt;</c> of a catalog response), without prolog: the mandatory fields for a
    /// device plus the address, position and PTZ type platforms commonly report; the other optional fields
    /// (Certifiable, ErrCode, room/use/light types …) are left out, as most devices leave them out.
    /// </summary>
    public static string CatalogItem(CatalogEntry e) => new XmlBody()
        .Open("Item")
        .Element("DeviceID", e.Id.Value)
        .Element("Name", e.Name)
        .Element("Manufacturer", e.Manufacturer)
        .Element("Model", e.Model)
        .Element("Owner", e.Owner)
        .Element("CivilCode", e.Id.CivilCode)
        .Element("Address", e.Address)
        .Element("Parental", "0")
        .Element("ParentID", e.Parent.Value)
        .Element("SafetyWay", "0")
        .Element("RegisterWay", "1")
        .Element("Secrecy", "0")
        .Element("IPAddress", e.IpAddress)
        .Element("Port", Int(e.Port))
        .Element("Status", e.Online ? "ON" : "OFF")
        .Element("Longitude", Degrees(e.Longitude))
        .Element("Latitude", Degrees(e.Latitude))
        .Open("Info")
        .Element("PTZType", "3")
        .Close("Info")
        .Close("Item")
        .Text;

    /// <summary>A.2.6 catalog response: one page of a (paged) catalog, <paramref name="sumNum"/> devices in all.</summary>
    public static string CatalogResponse(DeviceCode owner, int sn, int sumNum, IReadOnlyList<CatalogEntry> page)
    {
        var xml = new XmlBody("Response")
            .Element("CmdType", "Catalog")
            .Element("SN", Sn(sn))
            .Element("DeviceID", owner.Value)
            .Element("SumNum", Int(sumNum))
            .Open("DeviceList", $"Num=\"{Int(page.Count)}\"");
        foreach (var entry in page) xml.Raw(CatalogItem(entry));
        return xml.Close("DeviceList").End();
    }

    /// <summary>A.2.4 catalog query (目录查询): Query / Catalog / SN / DeviceID of the device or platform asked.</summary>
    public static string CatalogQuery(DeviceCode target, int sn) => new XmlBody("Query")
        .Element("CmdType", "Catalog")
        .Element("SN", Sn(sn))
        .Element("DeviceID", target.Value)
        .End();

    /// <summary>A.2.4 device information query (设备信息查询): Query / DeviceInfo / SN / DeviceID.</summary>
    public static string DeviceInfoQuery(DeviceCode target, int sn) => new XmlBody("Query")
        .Element("CmdType", "DeviceInfo")
        .Element("SN", Sn(sn))
        .Element("DeviceID", target.Value)
        .End();

    /// <summary>
    /// A.2.6 device information response: Result, then the name, maker, model and firmware the device reports and the
    /// number of video channels it carries (<c>Channel</c>).
    /// </summary>
    public static string DeviceInfoResponse(
        DeviceCode device, int sn, string name, string manufacturer, string model, string firmware, int channels) =>
        new XmlBody("Response")
            .Element("CmdType", "DeviceInfo")
            .Element("SN", Sn(sn))
            .Element("DeviceID", device.Value)
            .Element("DeviceName", name)
            .Element("Result", "OK")
            .Element("Manufacturer", manufacturer)
            .Element("Model", model)
            .Element("Firmware", firmware)
            .Element("Channel", Int(channels))
            .End();

    /// <summary>The alarm type an alarm notify's AlarmDescription names (the inverse of <see cref="AlarmNotify"/>); null
    /// for a description this model does not use.</summary>
    public static AlarmType? AlarmTypeOf(string description)
    {
        foreach (var type in Enum.GetValues<AlarmType>())
        {
            if (AlarmCodes.Of(type).Description == description) return type;
        }
        return null;
    }

    internal static string Sn(int sn)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sn, 100_000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sn, 999_999);
        return Int(sn);
    }

    internal static string Time(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);

    // Six decimals (≈ 0.1 m) and a 3-digit longitude / 2-digit latitude in China: a fixed width.
    private static string Degrees(double v) => v.ToString("0.000000", CultureInfo.InvariantCulture);

    /// <summary>Line-per-element XML writer; ends every line with CRLF.</summary>
    private sealed class XmlBody
    {
        private readonly StringBuilder _text = new(512);
        private readonly string? _root;

        public XmlBody() { }

        public XmlBody(string root)
        {
            _root = root;
            Line(Prolog);
            Line($"<{root}>");
        }

        public string Text => _text.ToString();

        public XmlBody Element(string name, string value)
        {
            _text.Append('<').Append(name).Append('>');
            foreach (var c in value)
            {
                _ = c switch
                {
                    '&' => _text.Append("&amp;"),
                    '<' => _text.Append("&lt;"),
                    '>' => _text.Append("&gt;"),
                    _ => _text.Append(c),
                };
            }
            _text.Append("</").Append(name).Append(">\r\n");
            return this;
        }

        public XmlBody Open(string name, string? attributes = null) =>
            Line(attributes is null ? $"<{name}>" : $"<{name} {attributes}>");

        public XmlBody Close(string name) => Line($"</{name}>");

        public XmlBody Raw(string text)
        {
            _text.Append(text);
            return this;
        }

        public string End()
        {
            if (_root is not null) Close(_root);
            return Text;
        }

        private XmlBody Line(string line)
        {
            _text.Append(line).Append("\r\n");
            return this;
        }
    }
}

/// <summary>
/// How the harness's alarm types are reported in GB/T 28181-2016 terms: AlarmMethod 5 (video alarm) or 6 (device
/// fault) with that method's AlarmType, and a Chinese description. Desk/staff absence has no type of its own in the
/// standard; analytics report it as object removal (nobody left in the watched zone) — an assumption.
/// </summary>
internal static class AlarmCodes
{
    public static (int Method, int Type, string Description) Of(AlarmType type) => type switch
    {
        AlarmType.DeskUnattended => (5, 4, "窗口无人值守"),
        AlarmType.StaffAbsent => (5, 4, "工作人员离岗"),
        AlarmType.EarlyLeave => (5, 4, "工作人员早退"),
        AlarmType.QueueOverflow => (5, 10, "排队人数超限"),
        AlarmType.Conflict => (5, 12, "现场冲突告警"),
        AlarmType.VideoLoss => (6, 1, "视频信号丢失"),
        AlarmType.VideoTamper => (5, 11, "视频遮挡告警"),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no GB/T 28181 alarm code for this type"),
    };
}
