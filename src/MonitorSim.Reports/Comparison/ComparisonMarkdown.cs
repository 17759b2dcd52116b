using System.Globalization;
using System.Text;

namespace MonitorSim.Reports.Comparison;

/// <summary>Writes a <see cref="RunComparison"/> as a Markdown table: one column per run, and for every run after the
/// first its change against the first (a ▲/▼ marks a change of more than 5 % for the better or worse).</summary>
public static class ComparisonMarkdown
{
    public static string Render(RunComparison c)
    {
        var sb = new StringBuilder();
        sb.Append("# MonitorSim comparison\n\n");
        for (var i = 0; i < c.Runs.Count; i++)
            sb.Append(i == 0 ? "Baseline: " : $"Run {i + 1}: ").Append('`').Append(c.Runs[i]).Append("` — ").Append(c.Labels[i]).Append('\n');
        sb.Append('\n').Append("| group | metric |");
        for (var i = 0; i < c.Runs.Count; i++)
        {
            sb.Append(" run ").Append(i + 1).Append(" |");
            if (i > 0) sb.Append(" Δ run ").Append(i + 1).Append(" |");
        }
        sb.Append("\n| --- | --- |");
        for (var i = 0; i < c.Runs.Count; i++) sb.Append(i == 0 ? " ---: |" : " ---: | ---: |");
        sb.Append('\n');
        foreach (var row in c.Rows)
        {
            sb.Append("| ").Append(row.Group).Append(" | ").Append(row.Metric).Append(row.Unit.Length > 0 ? $" ({row.Unit})" : "").Append(" |");
            for (var i = 0; i < row.Values.Count; i++)
            {
                sb.Append(' ').Append(Value(row.Values[i])).Append(" |");
                if (i > 0) sb.Append(' ').Append(Delta(row, i)).Append(" |");
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    public static void Write(RunComparison c, string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        File.WriteAllText(path, Render(c));
    }

    /// <summary>A number as the table shows it.</summary>
    public static string Value(double? v) => v switch
    {
        null => "—",
        { } x when Math.Abs(x) >= 1000 => x.ToString("N0", CultureInfo.InvariantCulture),
        { } x when x == Math.Floor(x) => x.ToString("0", CultureInfo.InvariantCulture),
        { } x => x.ToString("0.###", CultureInfo.InvariantCulture),
    };

    /// <summary>The change against the first run, with ▲ (better) or ▼ (worse) when it exceeds 5 %.</summary>
    public static string Delta(ComparisonRow row, int run)
    {
        if (RunComparison.Change(row, run) is not { } change) return "—";
        var text = change.ToString("+0.#%;-0.#%;0%", CultureInfo.InvariantCulture);
        if (row.LowerIsBetter is not { } lower || Math.Abs(change) <= 0.05) return text;
        var better = lower ? change < 0 : change > 0;
        return (better ? "▲ " : "▼ ") + text;
    }
}
