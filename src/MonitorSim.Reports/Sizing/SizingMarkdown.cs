using System.Text;

namespace MonitorSim.Reports.Sizing;

/// <summary>Writes sizing.md: the plan for terminals and code review (charts are in sizing.html).</summary>
public static class SizingMarkdown
{
    public const string FileName = "sizing.md";

    public static string Render(SizingRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var sb = new StringBuilder();
        sb.Append("# MonitorSim sizing: ").Append(MarkdownReport.Code(run.Scenario));
        if (run.Caveat is { } caveat) sb.Append(" — ⚠ ").Append(caveat);
        sb.Append("\n\n");
        if (run.End.Reason is { } why) sb.Append("**").Append(MarkdownReport.Text(why)).Append("**\n\n");
        // The answer first: what carries the design load, by how much, and whether the prediction held.
        foreach (var line in SizingContent.Lead(run)) sb.Append("**").Append(MarkdownReport.Text(line)).Append("**\n\n");
        foreach (var section in SizingContent.Build(run))
        {
            sb.Append("## ").Append(MarkdownReport.Text(section.Title)).Append("\n\n");
            foreach (var block in section.Blocks)
            {
                switch (block)
                {
                    case TableBlock table:
                        MarkdownReport.AppendTable(sb, table);
                        break;
                    case ParagraphBlock p:
                        sb.Append(MarkdownReport.Text(p.Text)).Append("\n\n");
                        break;
                    case ListBlock list:
                        foreach (var item in list.Items) sb.Append("- ").Append(MarkdownReport.Text(item)).Append('\n');
                        sb.Append('\n');
                        break;
                    case SizingChartBlock chart:
                        sb.Append("*Chart in sizing.html: ").Append(MarkdownReport.Text(chart.Caption)).Append(".*\n\n");
                        break;
                }
            }
        }
        return sb.ToString().TrimEnd('\n') + "\n";
    }
}
