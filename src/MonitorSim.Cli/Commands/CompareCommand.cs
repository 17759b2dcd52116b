using MonitorSim.Cli.Output;
using System.CommandLine;
using System.Globalization;
using MonitorSim.Reports;
using MonitorSim.Reports.Comparison;
using Spectre.Console;

namespace MonitorSim.Cli.Commands;

/// <summary><c>monitorsim compare DIR DIR… [--out FILE] [--fail-on RULE]… [--junit FILE]</c>: runs side by side with their
/// differences against the first; exit 1 when a <see cref="FailOnRule"/> holds for any of them.</summary>
public static class CompareCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var runs = new Argument<string[]>("runs") { Arity = ArgumentArity.OneOrMore, Description = "Report folders; the first is the baseline" };
        var output = new Option<string?>("--out") { Description = "Markdown file to write (default reports/comparison-<timestamp>.md)" };
        var failOn = new Option<string[]>("--fail-on")
        {
            HelpName = "RULE",
            AllowMultipleArgumentsPerToken = false,
            Description = "A regression that fails the comparison (exit 1) when it holds for any run against the baseline, e.g. " +
                          "'alarm.p99 > +10%' (relative), 'alarm.p99 > +20ms' (absolute change), 'morning_alarms.fail_pct > 1%' (the run's value); repeatable",
        };
        var junit = RunEndingLines.JUnitOption();
        var command = new Command("compare", "Set runs side by side (baseline against peak, before against after a change), and gate on regressions")
        {
            runs, output, failOn, junit,
        };
        command.SetAction((parse, _) => Task.FromResult(Compare(console, parse.GetValue(runs) ?? [], parse.GetValue(output), parse.GetValue(failOn) ?? [],
            parse.GetValue(junit))));
        return command;
    }

    private static int Compare(IAnsiConsole console, string[] dirs, string? output, string[] ruleTexts, string? junit)
    {
        var errors = new List<string>();
        if (dirs.Length < 2) errors.Add("runs: give at least two report folders to compare");
        var rules = new List<FailOnRule>();
        foreach (var text in ruleTexts)
        {
            try { rules.Add(FailOnRule.Parse(text)); }
            catch (FormatException e) { errors.Add($"--fail-on: {e.Message}"); }
        }
        RunComparison? comparison = null;
        if (errors.Count == 0)
        {
            try { comparison = RunComparison.Load(dirs); }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException or IOException) { errors.Add(e.Message); }
        }
        // A rule that cannot be judged (its metric missing from a run) cannot gate: bad input rather than a silent pass.
        var verdicts = comparison is null ? [] : rules.SelectMany(r => Enumerable.Range(1, comparison.Runs.Count - 1)
            .Select(i => (Run: i, Verdict: r.Judge(comparison.Summaries[0], comparison.Summaries[i])))).ToList();
        errors.AddRange(verdicts.Where(v => v.Verdict.Problem is not null)
            .Select(v => $"--fail-on: {v.Verdict.Describe()} (run {v.Run + 1}, {comparison!.Runs[v.Run]})"));
        if (errors.Count > 0 || comparison is null)
        {
            foreach (var e in errors) console.Error($"{e}");
            console.Verdict("BAD INPUT", $"compare: {errors.Count} error(s), nothing compared (exit {ExitCodes.BadInput})", good: false);
            return ExitCodes.Of(Outcome.BadInput);
        }

        for (var i = 0; i < comparison.Runs.Count; i++)
            console.MarkupLineInterpolated($"run {i + 1}{(i == 0 ? " (baseline)" : "")}: {comparison.Labels[i]} — {comparison.Runs[i]}");
        console.Write(Table(comparison));
        foreach (var (run, verdict) in verdicts)
            console.MarkupLine($"{(verdict.Holds ? "[red]REGRESSION[/]" : "[green]ok[/]")} run {run + 1}: {Markup.Escape(verdict.Describe())}");
        var path = output ?? Path.Combine("reports", $"comparison-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.md");
        ComparisonMarkdown.Write(comparison, path);
        if (junit is not null)
            JUnitReport.Write(junit, "compare", "monitorsim.compare",
                verdicts.Select(v => new JUnitCase($"{v.Verdict.Rule.Text} (run {v.Run + 1}: {Path.GetFileName(Path.TrimEndingDirectorySeparator(comparison.Runs[v.Run]))})",
                    !v.Verdict.Holds, v.Verdict.Compared, v.Verdict.Describe())).ToList(), 0);

        var regressions = verdicts.Count(v => v.Verdict.Holds);
        var outcome = regressions > 0 ? Outcome.ThresholdFailed : Outcome.Held;
        var detail = rules.Count == 0 ? $"{comparison.Runs.Count - 1} run(s) against the baseline; no --fail-on rule to judge"
            : regressions == 0 ? $"no --fail-on rule holds ({rules.Count} rule(s) on {comparison.Runs.Count - 1} run(s) against the baseline)"
            : $"{regressions} regression(s): " + string.Join("; ", verdicts.Where(v => v.Verdict.Holds).Select(v => $"run {v.Run + 1}: {v.Verdict.Describe()}"));
        console.Verdict(outcome == Outcome.Held ? "PASS" : "FAIL", $"compare: {detail} (exit {ExitCodes.Of(outcome)})", outcome == Outcome.Held);
        console.Files([path, junit]);
        return ExitCodes.Of(outcome);
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
