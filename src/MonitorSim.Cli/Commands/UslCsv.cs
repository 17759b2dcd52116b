using System.Globalization;
using MonitorSim.Sizing.Usl;

namespace MonitorSim.Cli.Commands;

/// <summary>
/// Reads USL measurements from CSV: a header <c>n,throughput</c>, then one measurement a line. Every problem is
/// collected, each as <c>file:line:column: field: message</c> like a scenario's, so a file is fixed in one pass.
/// </summary>
internal static class UslCsv
{
    public static readonly string[] Columns = ["n", "throughput"];

    private static string Header => string.Join(',', Columns);

    /// <summary>The measurements, or null with <paramref name="errors"/> saying why not.</summary>
    public static List<UslPoint>? Read(string path, List<string> errors)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            errors.Add($"{path}: file not found (looked for {Path.GetFullPath(path)})");
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{path}: cannot read the file: {e.Message}");
            return null;
        }

        var points = new List<UslPoint>();
        var headerSeen = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Trim().Length == 0) continue;
            var lineNo = i + 1;
            var cells = Cells(line);
            if (!headerSeen)
            {
                headerSeen = true;
                if (!CheckHeader(path, lineNo, cells, errors)) return null;
                continue;
            }
            if (cells.Count != Columns.Length)
            {
                errors.Add($"{path}:{lineNo}:1: expected {Columns.Length} cells ({Header}), got {cells.Count}: '{line.Trim()}'");
                continue;
            }
            var n = Number(path, lineNo, cells[0], Columns[0], errors);
            var x = Number(path, lineNo, cells[1], Columns[1], errors);
            if (n is { } nv && x is { } xv) points.Add(new UslPoint(nv, xv));
        }

        if (!headerSeen)
        {
            errors.Add($"{path}:1:1: header: the file is empty; expected a header line '{Header}' and at least {MinRows} measurements");
            return null;
        }
        if (errors.Count > 0) return null;
        if (points.Count < MinRows)
        {
            errors.Add($"{path}: the USL has 3 parameters (alpha, beta, gamma) and needs at least {MinRows} measurements (parameters + 1), got {points.Count}");
            return null;
        }
        var distinct = points.Select(p => p.N).Distinct().Count();
        if (distinct < MinDistinctN)
        {
            errors.Add($"{path}: n: needs measurements at {MinDistinctN} or more different n to tell alpha, beta and gamma apart, got {distinct}");
            return null;
        }
        return points;
    }

    private const int MinRows = UslModel.MinPoints;
    private const int MinDistinctN = UslModel.MinDistinctN;

    private static bool CheckHeader(string path, int lineNo, List<(string Text, int Column)> cells, List<string> errors)
    {
        var names = cells.Select(c => c.Text.ToLowerInvariant()).ToList();
        if (names.SequenceEqual(Columns)) return true;
        var got = string.Join(',', cells.Select(c => c.Text));
        errors.Add(cells.All(c => double.TryParse(c.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            ? $"{path}:{lineNo}:1: header: the first line must name the columns '{Header}', found data '{got}'"
            : $"{path}:{lineNo}:1: header: expected the columns '{Header}', got '{got}'");
        return false;
    }

    private static double? Number(string path, int lineNo, (string Text, int Column) cell, string field, List<string> errors)
    {
        var where = $"{path}:{lineNo}:{cell.Column}: {field}";
        if (cell.Text.Length == 0)
        {
            errors.Add($"{where}: is empty; expected a number");
            return null;
        }
        if (!double.TryParse(cell.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            errors.Add($"{where}: '{cell.Text}' is not a number");
            return null;
        }
        if (value <= 0)
        {
            errors.Add($"{where}: must be > 0, got {cell.Text}");
            return null;
        }
        return value;
    }

    /// <summary>The comma-separated cells of a line, trimmed, each with the 1-based column where its text starts.</summary>
    private static List<(string Text, int Column)> Cells(string line)
    {
        var cells = new List<(string, int)>();
        var start = 0;
        while (true)
        {
            var comma = line.IndexOf(',', start);
            var raw = comma < 0 ? line[start..] : line[start..comma];
            var lead = raw.Length - raw.TrimStart().Length;
            cells.Add((raw.Trim(), start + lead + 1));
            if (comma < 0) return cells;
            start = comma + 1;
        }
    }
}
