using System.Diagnostics;
using MonitorSim.TestSupport;

namespace MonitorSim.Cli.Tests;

/// <summary>
/// The simulated supervision year (scenarios/xuzhou-supervision-year.yaml) as a user runs it: killed in the middle of the
/// year, then started again on the same store, the workflows resume from the journal, and the year in the journal is
/// exactly the one the model decided — no acknowledged event lost, none applied twice — with the derivation table, the calibration check and the held-out figure in the report.
/// </summary>
[Collection(TreeRunCollection.Name)]
public sealed class SupervisionYearTests
{
    [Fact]
    public async Task A_year_killed_in_the_middle_resumes_from_the_journal_with_nothing_lost_or_applied_twice()
    {
        using var dir = new TempDir();
        var store = $"sqlite:{dir.File("year.db")}";
        var args = new[] { "run", RepoPaths.Scenario("xuzhou-supervision-year.yaml"), "--store", store, "--duration", "5s", "--warm-up", "1s" };

        // First run: killed (SIGKILL, no chance to tidy up) once the year is past its 180th day.
        using (var first = Process.Start(CliProcess.StartInfo([.. args, "--out", dir.File("killed")]))!)
        {
            _ = first.StandardError.ReadToEndAsync();
            var watch = Stopwatch.StartNew();
            string? line;
            var seen = new List<string>();
            while ((line = await first.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(5))) is not null)
            {
                seen.Add(line);
                if (line.Contains("supervision:", StringComparison.Ordinal) && line.Contains("day 180,", StringComparison.Ordinal)) break;
            }
            Assert.True(line is not null, "the year never reached day 180:\n" + string.Join("\n", seen));
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }
        Assert.False(File.Exists(dir.File("killed", "summary.json")), "the killed run wrote no report");

        // Second run on the same store: carries on from the ledger.
        (await Cli.RunAsync([.. args, "--out", dir.File("resumed")])).ExpectExit(0);
        var summary = Summary.Read(dir.File("resumed"));
        Assert.True(summary.At("supervision.completed").GetBoolean());
        Assert.True(summary.Long("supervision.resumed_at_day") >= 180, $"resumed at day {summary.Long("supervision.resumed_at_day")}");
        Assert.Equal(485 - summary.Long("supervision.resumed_at_day"), summary.Long("supervision.days_run"));
        // Read back from the journal by tag, the year equals the model's, event for event and figure for figure.
        Assert.True(summary.At("supervision.figures_from_journal").GetBoolean());
        Assert.Empty(summary.At("supervision.problems").EnumerateArray());
        Assert.True(summary.At("supervision.consistent").GetBoolean());
        Assert.Equal(summary.Long("supervision.model_figures.events"), summary.Long("supervision.figures.events"));
        Assert.Equal(301, summary.Long("supervision.figures.listed_supervision"));
        // The report prints the seed's figures beside the year and the replications.
        var report = File.ReadAllText(dir.File("resumed", "report.md"));
        Assert.Contains("## Supervision year", report, StringComparison.Ordinal);
        Assert.Contains("| ✅ | clues under listed supervision | 301 | 301 | 301 | 301 – 301 |", report, StringComparison.Ordinal);
        // Said as it is: the derivation table, the calibration check from the scenario's 30 replications, and the held-out
        // figure (units warned) with its prediction interval, whether or not the seed's falls inside.
        Assert.Contains("| Seed figure | Parameter | Derivation |", report, StringComparison.Ordinal);
        Assert.Contains("|  | Calibration check | Seed | This year | Replications mean | 95 % prediction interval |", report, StringComparison.Ordinal);
        Assert.Contains("|  | Held-out figure | Seed | This year | Replications mean | 95 % prediction interval |", report, StringComparison.Ordinal);
        Assert.Equal(30, summary.Long("supervision.replications"));
        var held = Assert.Single(summary.At("supervision.seed_comparison").EnumerateArray(), r => r.Text("role") == "held_out");
        Assert.Equal(5.8, held.Number("seed"));
        Assert.True(held.Number("pi95_low") < held.Number("replications_mean") && held.Number("replications_mean") < held.Number("pi95_high"),
            "the held-out figure's interval does not surround the model's mean");
    }
}
