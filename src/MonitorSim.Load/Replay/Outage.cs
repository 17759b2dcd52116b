using System.Globalization;
using MonitorSim.Domain.Time;

namespace MonitorSim.Load.Replay;

/// <summary>An incident for <c>generate</c>: platform <paramref name="Platform"/> is cut off at <paramref name="At"/> (time
/// of day on the log's first day) for <paramref name="For"/>: its cameras send no keepalives, refreshes or alarms, and when
/// it is back every one of them registers again within the scenario's re-registration jitter (the storm).</summary>
public sealed record Outage(int Platform, TimeOnly At, TimeSpan For)
{
    /// <summary>Reads <c>platform=7,at=10:30,for=20m</c>; null with a reason when malformed.</summary>
    public static Outage? Parse(string text, out string? error)
    {
        error = null;
        int? platform = null;
        TimeOnly? at = null;
        TimeSpan? length = null;
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            var (key, value) = eq < 0 ? (part, "") : (part[..eq].Trim(), part[(eq + 1)..].Trim());
            switch (key)
            {
                case "platform" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var p): platform = p; break;
                case "at" when TimeOnly.TryParseExact(value, ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t): at = t; break;
                case "for" when Durations.TryParse(value, out var d) && d > TimeSpan.Zero: length = d; break;
                default:
                    error = $"'{part}' is not platform=N, at=HH:mm or for=DURATION";
                    return null;
            }
        }
        if (platform is null || at is null || length is null)
        {
            error = "an outage needs platform=N, at=HH:mm and for=DURATION, e.g. platform=7,at=10:30,for=20m";
            return null;
        }
        return new Outage(platform.Value, at.Value, length.Value);
    }
}
