using System.CommandLine;
using System.Globalization;
using MonitorSim.Reports.Comparison;
using Spectre.Console;

namespace MonitorSim.Cli.Commands;

/// <summary><c>monitorsim compare DIR DIR… [--out FILE]</c>: runs side by side with their differences against the first.</summary>
public static class CompareCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var runs = new Argument<string[]>("runs") { Arity = ArgumentArity.OneOrMore, Description = "Report folders; the first is the baseline" };
        var output = new Option<string?>("--out") { Description = "Markdown file to write (default reports/comparison-<timestamp>.md)" };
        var command = new Command("compare", "Set runs side by side (baseline against peak, before against after a change)") { runs, output };
        command.SetAction((parse, _) =>
        {
            var dirs = parse.GetValue(runs) ?? [];
            if (dirs.Length < 2)
            {
                console.MarkupLine("[red]error:[/] runs: give at least two report folders to compare");
                return Task.FromResult(ExitCodes.BadInput);
            }
            RunComparison comparison;
            try
            {
                comparison = RunComparison.Load(dirs);
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException or IOException)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return Task.FromResult(ExitCodes.BadInput);
            }

            for (var i = 0; i < comparison.Runs.Count; i++)
                console.MarkupLineInterpolated($"run {i + 1}{(i == 0 ? " (baseline)" : "")}: {comparison.Labels[i]} — {comparison.Runs[i]}");
            console.Write(Table(comparison));
            var path = parse.GetValue(output)
                       ?? Path.Combine("reports", $"comparison-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.md");
            ComparisonMarkdown.Write(comparison, path);
            console.MarkupLineInterpolated($"comparison: {Path.GetFullPath(path)}");
            return Task.FromResult(ExitCodes.Passed);
        });
        return command;
    }

    private static Table Table(RunComparison c)
    {
        var table = new Table().AddColumn("metric");
        for (var i = 0; i < c.Runs.Count; i++)
        {
            table.AddColumn(new TableColumn($"run {i + 1}").RightAligned());
            if (i > 0) table.AddColumn(new TableColumn($"Δ {i + 1}").RightAligned());
        }
        foreach (var row in c.Rows)
        {
            var cells = new List<string> { Markup.Escape(row.Metric + (row.Unit.Length > 0 ? $" ({row.Unit})" : "")) };
            for (var i = 0; i < row.Values.Count; i++)
            {
                cells.Add(ComparisonMarkdown.Value(row.Values[i]));
                if (i == 0) continue;
                var delta = Markup.Escape(ComparisonMarkdown.Delta(row, i));
                cells.Add(delta.StartsWith('▲') ? $"[green]{delta}[/]" : delta.StartsWith('▼') ? $"[red]{delta}[/]" : delta);
            }
            table.AddRow(cells.ToArray());
        }
        return table;
    }
}
