using System.Globalization;
using System.Text.RegularExpressions;

namespace MonitorSim.Domain.Time;

/// <summary>Parses and prints durations the way scenarios and the command line write them: 250ms, 60s, 5m, 1h, 30d.</summary>
public static partial class Durations
{
    [GeneratedRegex(@"^\s*(?<n>\d+(\.\d+)?)\s*(?<u>us|ms|s|m|h|d)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>Tries to parse a duration; a bare number or a negative value is rejected.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (text is null) return false;
        var m = Pattern().Match(text);
        if (!m.Success) return false;
        var n = double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        value = m.Groups["u"].Value switch
        {
            "us" => TimeSpan.FromTicks((long)(n * 10)),
            "ms" => TimeSpan.FromTicks((long)(n * TimeSpan.TicksPerMillisecond)),
            "s" => TimeSpan.FromTicks((long)(n * TimeSpan.TicksPerSecond)),
            "m" => TimeSpan.FromTicks((long)(n * TimeSpan.TicksPerMinute)),
            "h" => TimeSpan.FromTicks((long)(n * TimeSpan.TicksPerHour)),
            _ => TimeSpan.FromTicks((long)(n * TimeSpan.TicksPerDay)),
        };
        return true;
    }

    /// <summary>Parses a duration or throws <see cref="FormatException"/> naming the accepted forms.</summary>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var v) ? v : throw new FormatException($"'{text}' is not a duration (write e.g. 250ms, 60s, 5m, 1h, 30d)");

    /// <summary>Prints a duration in the largest unit that keeps it exact.</summary>
    public static string Format(TimeSpan d)
    {
        if (d.Ticks % TimeSpan.TicksPerDay == 0 && d.Ticks != 0) return $"{d.Ticks / TimeSpan.TicksPerDay}d";
        if (d.Ticks % TimeSpan.TicksPerHour == 0 && d.Ticks != 0) return $"{d.Ticks / TimeSpan.TicksPerHour}h";
        if (d.Ticks % TimeSpan.TicksPerMinute == 0 && d.Ticks != 0) return $"{d.Ticks / TimeSpan.TicksPerMinute}m";
        if (d.Ticks % TimeSpan.TicksPerSecond == 0) return $"{d.Ticks / TimeSpan.TicksPerSecond}s";
        return string.Create(CultureInfo.InvariantCulture, $"{d.TotalMilliseconds:0.###}ms");
    }
}
