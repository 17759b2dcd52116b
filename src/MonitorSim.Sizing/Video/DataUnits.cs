namespace MonitorSim.Sizing.Video;

/// <summary>
/// Decimal (SI) units, as network and disk vendors quote them: 1 Mbps = 10^6 bit/s, 1 Gbps = 10^9 bit/s,
/// 1 GB = 10^9 bytes, 1 TB = 10^12 bytes, 1 PB = 10^15 bytes.
/// </summary>
/// <remarks>
/// The worked figures of docs/domain.md#video-sizing-practice are decimal: 17,932 cameras at 2 Mbps for 30 days × 24 h are 1.162 × 10^16 bytes, its
/// "≈ 11.6 PB" (in binary units that would be 10.3 PiB). In the same units 2 Mbps is exactly 0.9 GB an hour
/// (2 × 10^6 bit/s × 3,600 s / 8); practice's "≈ 0.88 GB/hour" is that figure rounded down (0.838 GiB would be the
/// binary reading, which the 11.6 PB rules out).
/// </remarks>
public static class DataUnits
{
    public const double BitsPerByte = 8;
    public const double BitsPerSecondPerMbps = 1e6;
    public const double MbpsPerGbps = 1e3;
    public const double BytesPerGb = 1e9;
    public const double GbPerTb = 1e3;
    public const double TbPerPb = 1e3;
    public const double SecondsPerHour = 3600;
    public const double HoursPerDay = 24;

    /// <summary>Gigabytes one hour of a stream at <paramref name="mbps"/> fills: 2 Mbps → 0.9 GB.</summary>
    public static double GbPerHour(double mbps) => mbps * BitsPerSecondPerMbps * SecondsPerHour / BitsPerByte / BytesPerGb;

    /// <summary>Terabytes a stream at <paramref name="mbps"/> fills in <paramref name="hours"/>.</summary>
    public static double Tb(double mbps, double hours) => GbPerHour(mbps) * hours / GbPerTb;
}
