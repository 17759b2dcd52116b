using System.CommandLine;
using System.Globalization;
using MonitorSim.Cli.Commands;
using MonitorSim.Load.Results;
using MonitorSim.Reports;
using Spectre.Console;

namespace MonitorSim.Cli.Output;

/// <summary>How run and replay end on the console: the JUnit file if asked for, the verdict line, then the files written.</summary>
internal static class RunEndingLines
{
    /// <summary><c>--junit FILE</c>: the verdicts as JUnit XML, one test case per threshold (or rule, or check).</summary>
    public static Option<string?> JUnitOption() => new("--junit") { HelpName = "FILE", Description = "Also write the verdicts as JUnit XML (one test case per threshold), for CI servers" };

    /// <summary>What the first line adds for a Debug build: its figures say little about a Release build's.</summary>
    public static string BuildNote() => BuildInfo.Current.IsDebug
        ? $" [yellow](Debug build {BuildInfo.Current.ShortCommit}: figures say little about production; build with -c Release)[/]"
        : "";

    /// <summary>Writes the JUnit file (if asked), prints the verdict and the files, and returns the exit code.</summary>
    public static int Finish(IAnsiConsole console, string command, RunResult result, string outDir, string? junit, params string?[] moreFiles)
    {
        if (junit is not null)
            JUnitReport.Write(junit, $"{command} {result.Run.Scenario}", $"monitorsim.{command}.{result.Run.Scenario}", JUnitReport.Cases(result), result.Run.DurationS);
        var outcome = ExitCodes.OutcomeOf(result);
        var code = ExitCodes.Of(outcome);
        var (word, detail) = Describe(result, outcome);
        console.Verdict(word, $"{command} {result.Run.Scenario}: {detail} (exit {code})", outcome == Outcome.Held);
        console.Files([
            Path.Combine(outDir, SummaryJson.FileName), Path.Combine(outDir, MarkdownReport.FileName), Path.Combine(outDir, HtmlReport.FileName),
            Path.Combine(outDir, TimelineCsv.FileName), Path.Combine(outDir, "run.log"), .. moreFiles, junit,
        ]);
        return code;
    }

    private static (string Word, string Detail) Describe(RunResult result, Outcome outcome)
    {
        var thresholds = result.Thresholds;
        var failed = thresholds.Where(t => !t.Passed).ToList();
        var judged = thresholds.Count == 0 ? "no thresholds to judge"
            : failed.Count == 0 ? $"every threshold held ({thresholds.Count} of {thresholds.Count})"
            : $"{failed.Count} of {thresholds.Count} thresholds failed: " +
              string.Join("; ", failed.Select(t => $"{t.Expr} (measured {t.Value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "nothing"})"));
        return outcome switch
        {
            Outcome.Aborted => ("ABORTED", $"{result.Run.End.Reason}; the reports are partial; {judged} so far"),
            Outcome.RunFailed => ("RUN FAILED", $"{result.Run.End.Reason}; the reports are partial; {judged}"),
            Outcome.Held => ("PASS", judged),
            _ => ("FAIL", judged),
        };
    }
}
