using System.Globalization;

namespace MonitorSim.Domain.Operations.Wire;

/// <summary>
/// A 20-digit GB/T 28181 device, platform or group code (GB/T 28181-2016 appendix E, coding rule A):
/// centre code (8: province 2, city 2, county 2, grassroots unit 2) + industry (2) + type (3) + network (1) +
/// serial (6). Every part has a fixed width, so a code is always 20 ASCII digits; the first 10 digits are the
/// SIP domain a device registers in (e.g. <c>3203020000</c>).
/// </summary>
public readonly record struct DeviceCode
{
    /// <summary>Xuzhou's administrative division code (GB/T 2260): the prefix of every code in the city.</summary>
    public const string XuzhouCivilCode = "320300";

    /// <summary>Digits in a code.</summary>
    public const int Length = 20;

    private DeviceCode(string value) => Value = value;

    /// <summary>The 20 digits.</summary>
    public string Value { get; }

    /// <summary>The SIP domain of the code: its centre code and industry code (10 digits).</summary>
    public string Domain => Value[..10];

    /// <summary>The 6-digit administrative division code the device sits in (GB/T 2260).</summary>
    public string CivilCode => Value[..6];

    /// <summary>The 3-digit type code (132 camera, 118 NVR, 200 SIP server …).</summary>
    public DeviceType Type => (DeviceType)int.Parse(Value.AsSpan(10, 3), CultureInfo.InvariantCulture);

    /// <summary>The 6-digit serial number.</summary>
    public int Serial => int.Parse(Value.AsSpan(14, 6), CultureInfo.InvariantCulture);

    /// <summary>
    /// Builds a code. <paramref name="civilCode"/> is a 6-digit GB/T 2260 division (Xuzhou's districts are 3203xx);
    /// grassroots unit, industry and network default to the values nearly every deployment uses.
    /// </summary>
    public static DeviceCode Create(
        string civilCode, DeviceType type, int serial, int grassrootsUnit = 0, int industry = 0, int network = 0)
    {
        if (civilCode.Length != 6 || !civilCode.All(char.IsAsciiDigit))
            throw new ArgumentException($"civil code must be 6 digits, got '{civilCode}'", nameof(civilCode));
        if ((int)type is < 100 or > 999)
            throw new ArgumentOutOfRangeException(nameof(type), type, "type code must be 3 digits");
        ArgumentOutOfRangeException.ThrowIfNegative(serial);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(serial, 999_999);
        ArgumentOutOfRangeException.ThrowIfNegative(grassrootsUnit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(grassrootsUnit, 99);
        ArgumentOutOfRangeException.ThrowIfNegative(industry);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(industry, 99);
        ArgumentOutOfRangeException.ThrowIfNegative(network);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(network, 9);

        return new DeviceCode(string.Create(CultureInfo.InvariantCulture,
            $"{civilCode}{grassrootsUnit:D2}{industry:D2}{(int)type:D3}{network:D1}{serial:D6}"));
    }

    /// <summary>Reads a code that is exactly 20 digits.</summary>
    public static DeviceCode Parse(string value)
    {
        if (value.Length != Length || !value.All(char.IsAsciiDigit))
            throw new FormatException($"a GB/T 28181 code is {Length} digits, got '{value}'");
        return new DeviceCode(value);
    }

    public override string ToString() => Value ?? "";
}

/// <summary>The type codes of GB/T 28181-2016 appendix E this model uses (digits 11–13 of a code).</summary>
public enum DeviceType
{
    /// <summary>Digital video recorder.</summary>
    Dvr = 111,
    /// <summary>Network video recorder: a service point's recorder, a GB/T 28181 device with cameras behind it.</summary>
    Nvr = 118,
    /// <summary>Camera.</summary>
    Camera = 131,
    /// <summary>Network (IP) camera: what the harness's cameras are.</summary>
    IpCamera = 132,
    /// <summary>Central signalling control server: a platform's SIP server (city or second-level platform).</summary>
    SipServer = 200,
    /// <summary>Business group (catalog grouping).</summary>
    BusinessGroup = 215,
    /// <summary>Virtual organisation (catalog grouping).</summary>
    VirtualOrganisation = 216,
}
