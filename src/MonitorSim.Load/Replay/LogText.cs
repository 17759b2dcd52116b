using System.Globalization;
using System.Text;

namespace MonitorSim.Load.Replay;

/// <summary>
/// A log's bytes as they go into a message or rejects.csv: a bad field is echoed at most <see cref="MaxChars"/> characters
/// long (a 10 kB field would otherwise make a 10 kB line of rejects.csv and of the console), and characters that would
/// break a line or fool the eye (control characters such as CR, LF, TAB, ESC; invisible format characters such as the
/// byte-order mark or a right-to-left override) are written as escapes: <c>\r</c>, <c>\n</c>, <c>\t</c>, <c>\u001B</c>.
/// </summary>
public static class LogText
{
    /// <summary>The most characters of a value a message shows (escapes included).</summary>
    public const int MaxChars = 200;

    /// <summary><paramref name="value"/> (UTF-8) in single quotes, escaped and cut: <c>'abc…' (10,240 characters)</c>.</summary>
    public static string Quote(ReadOnlySpan<byte> value) => Quote(Encoding.UTF8.GetString(value));

    /// <summary><paramref name="value"/> in single quotes, escaped and cut.</summary>
    public static string Quote(string value)
    {
        var text = Escape(value, MaxChars, out var cut);
        return cut ? $"'{text}…' ({value.Length.ToString("N0", CultureInfo.InvariantCulture)} characters)" : $"'{text}'";
    }

    /// <summary><paramref name="value"/> with control and format characters escaped, cut (never inside an escape or a
    /// surrogate pair) so it is at most <paramref name="maxChars"/> characters; <paramref name="cut"/> tells whether it was.</summary>
    public static string Escape(string value, int maxChars, out bool cut)
    {
        cut = false;
        var clean = true;
        foreach (var c in value) if (NeedsEscape(c)) { clean = false; break; }
        if (clean && value.Length <= maxChars) return value;
        var sb = new StringBuilder(Math.Min(value.Length, maxChars) + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var piece = !NeedsEscape(c) ? null : c switch
            {
                '\r' => "\\r",
                '\n' => "\\n",
                '\t' => "\\t",
                _ => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
            };
            var width = piece?.Length ?? (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]) ? 2 : 1);
            if (sb.Length + width > maxChars) { cut = true; break; }
            if (piece is not null) sb.Append(piece);
            else sb.Append(value, i, width);
            if (piece is null) i += width - 1;
        }
        return sb.ToString();
    }

    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
