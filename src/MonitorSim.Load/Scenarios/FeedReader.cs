using MonitorSim.Domain.Operations;

namespace MonitorSim.Load.Scenarios;

/// <summary>
/// Reads a feed's CSV: a header naming its columns (<c>camera</c>, <c>point</c>, <c>alarm_type</c>), then one row per
/// subject. Blank lines and lines starting with <c>#</c> are skipped. Every problem is reported with the file, line,
/// column and field, and a bad row never hides the others.
/// </summary>
public static class FeedReader
{
    private static readonly string[] Columns = ["camera", "point", "alarm_type"];

    /// <summary>Reads <paramref name="path"/>; problems are added to <paramref name="errors"/> and the good rows returned.</summary>
    public static List<FeedRow> Read(string path, List<ScenarioError> errors)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new ScenarioError(path, 0, 0, "", e is FileNotFoundException or DirectoryNotFoundException
                ? $"feed file not found (looked for {Path.GetFullPath(path)})"
                : $"cannot read the feed file: {e.Message}"));
            return [];
        }
        return Parse(lines, path, errors);
    }

    /// <summary>Parses the lines of a feed named <paramref name="file"/> in errors.</summary>
    public static List<FeedRow> Parse(IReadOnlyList<string> lines, string file, List<ScenarioError> errors)
    {
        var rows = new List<FeedRow>();
        var headerAt = -1;
        for (var i = 0; i < lines.Count; i++)
            if (!Skip(lines[i])) { headerAt = i; break; }
        if (headerAt < 0)
        {
            errors.Add(new ScenarioError(file, 1, 1, "", $"the feed is empty; it needs a header naming its columns ({string.Join(", ", Columns)}) and at least one row"));
            return rows;
        }

        var header = Split(lines[headerAt]);
        var index = new Dictionary<string, int>();
        for (var c = 0; c < header.Count; c++)
        {
            var (name, column) = header[c];
            var key = name.ToLowerInvariant();
            if (!Columns.Contains(key))
                errors.Add(new ScenarioError(file, headerAt + 1, column, name, $"unknown column; a feed's columns are {string.Join(", ", Columns)}"));
            else if (!index.TryAdd(key, c))
                errors.Add(new ScenarioError(file, headerAt + 1, column, name, "this column appears twice"));
        }
        if (!index.ContainsKey("camera") && !index.ContainsKey("point"))
        {
            errors.Add(new ScenarioError(file, headerAt + 1, 1, "", "the header needs a 'camera' or a 'point' column: a feed names the subject of each operation"));
            return rows;
        }

        for (var i = headerAt + 1; i < lines.Count; i++)
        {
            if (Skip(lines[i])) continue;
            var line = i + 1;
            var cells = Split(lines[i]);
            if (cells.Count != header.Count)
            {
                errors.Add(new ScenarioError(file, line, 1, "", $"has {cells.Count} fields, the header has {header.Count}"));
                continue;
            }
            string? Cell(string column) => index.TryGetValue(column, out var c) && cells[c].Text.Length > 0 ? cells[c].Text : null;
            var camera = Cell("camera");
            var point = Cell("point");
            if (camera is null && point is null)
            {
                errors.Add(new ScenarioError(file, line, 1, index.ContainsKey("camera") ? "camera" : "point", "empty: a row names a camera or a point"));
                continue;
            }
            AlarmType? type = null;
            if (Cell("alarm_type") is { } typeText)
            {
                if (AlarmTypeNames.ByName.TryGetValue(typeText.ToLowerInvariant(), out var t))
                {
                    type = t;
                }
                else
                {
                    errors.Add(new ScenarioError(file, line, cells[index["alarm_type"]].Column, "alarm_type",
                        $"unknown alarm type '{typeText}'; expected one of {string.Join(", ", AlarmTypeNames.ByName.Keys)}"));
                    continue;
                }
            }
            rows.Add(new FeedRow(line, camera, point, type));
        }
        if (rows.Count == 0 && !errors.Any(e => e.File == file))
            errors.Add(new ScenarioError(file, headerAt + 1, 1, "", "the feed has a header but no rows"));
        return rows;
    }

    private static bool Skip(string line)
    {
        var t = line.AsSpan().Trim();
        return t.Length == 0 || t[0] == '#';
    }

    /// <summary>Comma-separated cells, trimmed, each with its 1-based column. Ids and names never contain commas, so no
    /// quoting is needed; a quoted cell has its quotes removed.</summary>
    private static List<(string Text, int Column)> Split(string line)
    {
        var cells = new List<(string, int)>();
        var start = 0;
        while (true)
        {
            var comma = line.IndexOf(',', start);
            var end = comma < 0 ? line.Length : comma;
            var raw = line[start..end];
            var lead = raw.Length - raw.TrimStart().Length;
            cells.Add((raw.Trim().Trim('"'), start + lead + 1));
            if (comma < 0) return cells;
            start = comma + 1;
        }
    }
}
