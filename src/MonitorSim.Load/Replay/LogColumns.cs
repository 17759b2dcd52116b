namespace MonitorSim.Load.Replay;

/// <summary>
/// Which column of a CSV log holds each field (<see cref="LogReadOptions.Fields"/>), found by name in the header (without
/// regard to case) or by <c>--columns</c>. A column the log does not use (an operator, a comment, an export's row number)
/// is ignored and listed once in <see cref="Ignored"/>; a header without the required fields, or naming a used column
/// twice, is no log (<see cref="LogFormatException"/>).
/// </summary>
internal sealed class LogColumns
{
    private readonly int[] _of;

    private LogColumns(int[] of, int count, IReadOnlyList<string> ignored)
    {
        _of = of;
        Count = count;
        Ignored = ignored;
    }

    /// <summary>The header's columns; every record must have this many fields.</summary>
    public int Count { get; }

    /// <summary>The header's columns the log does not use, in order (escaped and cut like any echoed text).</summary>
    public IReadOnlyList<string> Ignored { get; }

    /// <summary>The column of <see cref="LogReadOptions.Fields"/>[<paramref name="field"/>], or −1 when the header has none.</summary>
    public int this[int field] => _of[field];

    public static LogColumns Read(string path, long line, IReadOnlyList<string> header, LogReadOptions options)
    {
        var fields = LogReadOptions.Fields;
        var of = new int[fields.Count];
        var missing = new List<string>();
        for (var f = 0; f < fields.Count; f++)
        {
            var name = options.ColumnOf(fields[f]);
            var mapped = options.Columns.ContainsKey(fields[f]);
            var at = Enumerable.Range(0, header.Count).Where(i => string.Equals(header[i], name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (at.Count > 1)
                throw new LogFormatException($"{path}:{line}: column {LogText.Quote(name)} appears {at.Count} times (columns {string.Join(", ", at.Select(i => i + 1))}); the {fields[f]} field must be in one column");
            of[f] = at.Count == 1 ? at[0] : -1;
            if (at.Count == 0 && mapped)
                throw new LogFormatException($"{path}:{line}: the header has no column {LogText.Quote(name)} (--columns {fields[f]}={name}); its columns are {List(header)}");
            if (at.Count == 0 && f < 3) missing.Add(fields[f]);
        }
        if (missing.Count > 0)
            throw new LogFormatException(
                $"{path}:{line}: the header has no {string.Join(", ", missing)} column; its columns are {List(header)}. A log's fields are " +
                $"timestamp, source, event (required), alarm_type, step; a field named otherwise in the file is mapped with " +
                $"--columns FIELD=COLUMN, e.g. --columns {missing[0]}={(header.Count > 0 ? header[0] : "COLUMN")}");
        var ignored = Enumerable.Range(0, header.Count).Where(i => !of.Contains(i))
            .Select(i => header[i].Length == 0 ? $"column {i + 1} (no name)" : LogText.Escape(header[i], LogText.MaxChars, out _))
            .Distinct(StringComparer.Ordinal).ToList();
        return new LogColumns(of, header.Count, ignored);
    }

    private static string List(IReadOnlyList<string> header) =>
        header.Count == 0 ? "none" : string.Join(", ", header.Take(20).Select(LogText.Quote)) + (header.Count > 20 ? $" and {header.Count - 20} more" : "");
}
