using System.Globalization;

namespace MonitorSim.Reports;

/// <summary>Invariant-culture number formatting shared by the writers, so output never depends on the host locale.</summary>
internal static class Fmt
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Up to three decimals, no thousands separators: for machine-read files.</summary>
    public static string Plain(double value) =>
        double.IsFinite(value) ? Math.Round(value, 3).ToString("0.###", Inv) : "";

    public static string Plain(long value) => value.ToString(Inv);

    /// <summary>For humans: thousands separators and up to three decimals.</summary>
    public static string Human(double value) =>
        double.IsFinite(value) ? Math.Round(value, 3).ToString("#,0.###", Inv) : "n/a";

    public static string Human(long value) => value.ToString("#,0", Inv);

    /// <summary>For humans, a rate (operations or writes per second): whole with thousands separators from 10 up, where
    /// fractions of an operation are noise; up to two decimals below, where they are not.</summary>
    public static string Rate(double value) =>
        !double.IsFinite(value) ? "n/a"
        : Math.Abs(value) >= 10 ? Math.Round(value, MidpointRounding.AwayFromZero).ToString("#,0", Inv)
        : Math.Round(value, 2).ToString("0.##", Inv);

    public static string Seconds(double seconds) => Human(seconds) + " s";

    /// <summary>Percent of a total, or an empty string when there is no total to compare with.</summary>
    public static string Share(long part, long total) =>
        total > 0 ? (100.0 * part / total).ToString("0.##", Inv) + " %" : "";
}
