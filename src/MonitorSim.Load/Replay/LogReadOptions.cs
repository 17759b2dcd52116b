using System.Globalization;

namespace MonitorSim.Load.Replay;

/// <summary>
/// How to read a log as another system exported it (<c>monitorsim replay --columns … --timezone …</c>): which column (or
/// JSON key) holds each of the log's fields, and the offset of timestamps written without one.
/// </summary>
/// <param name="Columns">Field → the file's column name, for the fields named otherwise in the file (the rest keep their
/// own names); matched without regard to case.</param>
/// <param name="TimezoneOffsetMinutes">The offset from UTC a timestamp without one was written in; null: such a timestamp
/// is rejected. A timestamp that carries its own offset keeps it.</param>
public sealed record LogReadOptions(IReadOnlyDictionary<string, string> Columns, int? TimezoneOffsetMinutes)
{
    /// <summary>The log's fields, as the header names them unless <c>--columns</c> says otherwise.</summary>
    public static readonly IReadOnlyList<string> Fields = ["timestamp", "source", "event", "alarm_type", "step"];

    /// <summary>Every column by its own name; timestamps must carry their offset.</summary>
    public static readonly LogReadOptions Default = new(new Dictionary<string, string>(), null);

    /// <summary>The file's name for <paramref name="field"/>.</summary>
    public string ColumnOf(string field) => Columns.TryGetValue(field, out var column) ? column : field;

    /// <summary>Reads <c>--columns</c> (<c>timestamp=event_time,source=device_id</c>) and <c>--timezone</c> (<c>+08:00</c>,
    /// <c>-0530</c>, <c>+08</c>, <c>Z</c> or <c>UTC</c>); either may be null. What is wrong goes to <paramref name="errors"/>,
    /// each naming its option, and the options are then <see cref="Default"/>'s for that part.</summary>
    public static LogReadOptions Parse(string? columns, string? timezone, ICollection<string> errors) =>
        new(columns is null ? Default.Columns : ParseColumns(columns, errors), timezone is null ? null : ParseTimezone(timezone, errors));

    private static IReadOnlyDictionary<string, string> ParseColumns(string text, ICollection<string> errors)
    {
        const string example = "write FIELD=COLUMN pairs separated by commas, e.g. --columns timestamp=event_time,source=device_id";
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var before = errors.Count;
        if (string.IsNullOrWhiteSpace(text)) errors.Add($"--columns: empty; {example}");
        else
        {
            foreach (var item in text.Split(','))
            {
                var eq = item.IndexOf('=', StringComparison.Ordinal);
                if (eq < 0) { errors.Add($"--columns: '{item.Trim()}' has no '='; {example}"); continue; }
                var field = item[..eq].Trim().ToLowerInvariant();
                var column = item[(eq + 1)..].Trim();
                if (!Fields.Contains(field))
                    errors.Add($"--columns: '{item[..eq].Trim()}' is not a log field; the fields are {string.Join(", ", Fields)}");
                else if (column.Length == 0) errors.Add($"--columns: {field}= names no column; {example}");
                else if (map.ContainsKey(field)) errors.Add($"--columns: {field} is given twice");
                else if (map.FirstOrDefault(p => string.Equals(p.Value, column, StringComparison.OrdinalIgnoreCase)) is { Key: { } other })
                    errors.Add($"--columns: {other} and {field} both name column '{column}'");
                else map[field] = column;
            }
        }
        return errors.Count > before ? Default.Columns : map;
    }

    private static int? ParseTimezone(string text, ICollection<string> errors)
    {
        var t = text.Trim();
        if (t is "Z" or "z" || t.Equals("UTC", StringComparison.OrdinalIgnoreCase)) return 0;
        if (t.Length is 3 or 5 or 6 && t[0] is '+' or '-')
        {
            var sign = t[0] == '-' ? -1 : 1;
            var hh = t.Substring(1, 2);
            var mm = t.Length switch { 3 => "00", 5 => t.Substring(3, 2), _ => t[3] == ':' ? t.Substring(4, 2) : "x" };
            if (int.TryParse(hh, NumberStyles.None, CultureInfo.InvariantCulture, out var h)
                && int.TryParse(mm, NumberStyles.None, CultureInfo.InvariantCulture, out var m))
            {
                if (h * 60 + m <= 14 * 60 && m < 60) return sign * (h * 60 + m);
                errors.Add($"--timezone: '{text}' is out of range (offsets run from -14:00 to +14:00)");
                return null;
            }
        }
        errors.Add($"--timezone: '{text}' is not an offset from UTC; write e.g. +08:00 (or Z for UTC). A zone name is not taken: " +
                   "where clocks change, a local time may happen twice, and the log would not say which");
        return null;
    }
}
