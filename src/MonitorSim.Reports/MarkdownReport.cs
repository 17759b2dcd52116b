using System.Text;
using MonitorSim.Load.Results;

namespace MonitorSim.Reports;

/// <summary>Writes report.md, the human-readable report for terminals and code-review tools.</summary>
public static class MarkdownReport
{
    public const string FileName = "report.md";

    /// <summary>Writes the report of <paramref name="result"/> to <paramref name="path"/>.</summary>
    public static void Write(RunResult result, string path) => File.WriteAllText(path, Render(result));

    /// <summary>The Markdown text written by <see cref="Write"/>.</summary>
    public static string Render(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var verdict = ReportContent.Verdict(result);
        var sb = new StringBuilder();
        sb.Append("# MonitorSim run: ").Append(Code(result.Run.Scenario))
          .Append(" — ").Append(verdict == "PASS" ? "✅ PASS" : "❌ FAIL");
        if (ReportContent.Caveats(result) is { Length: > 0 } caveats) sb.Append(" — ⚠ ").Append(caveats);
        sb.Append("\n\n");

        foreach (var section in ReportContent.Build(result))
        {
            sb.Append("## ").Append(Text(section.Title)).Append("\n\n");
            foreach (var block in section.Blocks)
            {
                switch (block)
                {
                    case TableBlock table:
                        AppendTable(sb, table);
                        break;
                    case ParagraphBlock p:
                        sb.Append(Text(p.Text)).Append("\n\n");
                        break;
                    case ListBlock list:
                        foreach (var item in list.Items)
                        {
                            sb.Append("- ").Append(Text(item)).Append('\n');
                        }
                        sb.Append('\n');
                        break;
                    case ChartBlock:
                        // Charts live in report.html; the Markdown report stays plain text.
                        break;
                }
            }
        }
        return sb.ToString().TrimEnd('\n') + "\n";
    }

    internal static void AppendTable(StringBuilder sb, TableBlock table)
    {
        sb.Append('|');
        foreach (var h in table.Headers)
        {
            sb.Append(' ').Append(Text(h)).Append(" |");
        }
        sb.Append("\n|");
        for (var i = 0; i < table.Headers.Count; i++)
        {
            var numeric = table.Rows.Count > 0 && table.Rows.All(r => i < r.Count && r[i].Numeric);
            sb.Append(numeric ? " ---: |" : " --- |");
        }
        sb.Append('\n');
        foreach (var row in table.Rows)
        {
            sb.Append('|');
            foreach (var cell in row)
            {
                sb.Append(' ').Append(CellText(cell)).Append(" |");
            }
            sb.Append('\n');
        }
        sb.Append('\n');
    }

    private static string CellText(Cell cell)
    {
        var text = cell.Code ? Code(cell.Text) : Text(cell.Text);
        return cell.Hop ? "↳ " + text : text;
    }

    // Code spans need no Markdown escaping except the table pipe (GFM splits cells on it even inside code).
    internal static string Code(string text)
    {
        if (text.Length == 0)
        {
            return "";
        }
        var body = OneLine(text).Replace("|", "\\|", StringComparison.Ordinal);
        var fence = body.Contains('`', StringComparison.Ordinal) ? "``" : "`";
        var pad = fence.Length > 1 ? " " : "";
        return fence + pad + body + pad + fence;
    }

    // Escapes what would turn free text into markup: raw HTML, links, emphasis and table breaks.
    internal static string Text(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in OneLine(text))
        {
            if (c is '\\' or '|' or '<' or '>' or '`' or '*' or '[' or ']')
            {
                sb.Append('\\');
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static string OneLine(string text) =>
        text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ');
}
