using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace MonitorSim.Cli.Tests;

/// <summary>
/// The exit codes a pipeline gates on (docs/running.md#exit-codes): 3 when the run itself failed, 4 when it was stopped by
/// a signal; the reports are written either way and say they are partial. Each run is its own <c>monitorsim</c> process,
/// as in a pipeline, so that the test can hold its store or signal it mid-run. (0, 1 and 2 are covered where the verdicts
/// are: RunEndToEndTests, AbortTests, BadInputTests.)
/// </summary>
[Collection(ChildProcessRunCollection.Name)]
public sealed class ExitCodeTests
{
    private static string Scenario(string store, string duration) =>
        $$"""
         name: exit_codes
         seed: 42
         duration: {{duration}}
         warm_up: 1s
         report_interval: 1s
         completion_timeout: 2s
         store: "{{store}}"
         topology: { platforms: 3, points: 12, cameras: 30, co_handling: { centres: 2, posts: 4 } }
         scenarios:
           - name: alarm
             operation: alarm
             timeout: 3s
             load:
               - inject: { rate: 20, interval: 1s }
         thresholds:
           - "alarm.p99 < 5s"

         """;

    [Fact]
    public async Task A_store_that_stops_taking_writes_mid_run_and_never_comes_back_fails_the_run_with_exit_3_and_partial_reports()
    {
        using var dir = new TempDir();
        var store = dir.File("store.db");
        var scenario = dir.File("run.yaml");
        File.WriteAllText(scenario, Scenario($"sqlite:{store}", "8s"));
        var report = dir.File("report");
        using var run = new RunningCli("run", scenario, "--out", report);

        // Once the load runs (the tree is up), another connection takes the journal's write lock and keeps it: every
        // node's writes wait and give up, as against a database that went away.
        await run.WaitForLineAsync(l => l.Contains("ops/s", StringComparison.Ordinal), TimeSpan.FromMinutes(2));
        await using var holder = new SqliteConnection($"Data Source={store};Pooling=False");
        await holder.OpenAsync();
        await using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "PRAGMA busy_timeout=30000; BEGIN EXCLUSIVE;";
            await begin.ExecuteNonQueryAsync();
        }

        var (code, output) = await run.ExitAsync(TimeSpan.FromMinutes(3));

        Assert.True(code == 3, $"exit {code}\n{output}");
        var summary = Summary.Read(report);
        Assert.True(summary.GetProperty("partial").GetBoolean());
        Assert.Equal("failed", summary.Text("ending.kind"));
        Assert.Contains("takes no writes", summary.Text("ending.reason"), StringComparison.Ordinal);
        Assert.Contains("PARTIAL: the run itself failed", File.ReadLines(Path.Combine(report, "report.md")).First(), StringComparison.Ordinal);
        Assert.Contains("RUN FAILED:", output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_postgres_store_that_goes_away_mid_run_fails_the_run_with_exit_3_and_the_reason_in_its_reports()
    {
        var url = Environment.GetEnvironmentVariable("MONITORSIM_PG");
        Skip.If(url is null, "MONITORSIM_PG is not set (.ci/run sets it after starting PostgreSQL)");
        var server = new Uri(url!);
        // The run reaches the shared PostgreSQL through a relay the test can cut: for this run the database host goes
        // away (connections reset, new ones refused) while the server and other tests using it carry on.
        await using var relay = new SeverableTcpProxy(server.Host, server.Port < 0 ? 5432 : server.Port);
        var throughRelay = new UriBuilder(server) { Host = "127.0.0.1", Port = relay.Port }.Uri.ToString();
        using var dir = new TempDir();
        var scenario = dir.File("run.yaml");
        // A city of its own (another seed, another journal key), so earlier runs on the shared database do not matter.
        File.WriteAllText(scenario, Scenario(throughRelay, "10s").Replace("seed: 42", $"seed: {Random.Shared.Next(1_000, 1_000_000)}", StringComparison.Ordinal));
        var report = dir.File("report");
        using var run = new RunningCli("run", scenario, "--out", report);

        // Cut at 3 s into the window, not at its first progress line: alarms acknowledged through the journal take a
        // while on a busy machine, and the figures must hold some completed before the cut (CI once cut at 1 s, none had).
        await run.WaitForLineAsync(l => SecondsIntoWindow(l) >= 3, TimeSpan.FromMinutes(2));
        Assert.True(relay.Accepted > 0, "the run never used the relay: the test would not take its store away");
        relay.Sever();
        var (code, output) = await run.ExitAsync(TimeSpan.FromMinutes(3));

        Assert.True(code == 3, $"exit {code}\n{output}");
        Assert.True(File.Exists(Path.Combine(report, "summary.json")), $"no summary.json\n{output}");
        var summary = Summary.Read(report);
        Assert.True(summary.GetProperty("partial").GetBoolean(), output);
        Assert.Equal("failed", summary.Text("ending.kind"));
        var reason = summary.Text("ending.reason");
        Assert.Contains("takes no writes", reason, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{relay.Port}", reason, StringComparison.Ordinal);
        Assert.DoesNotContain($":{server.UserInfo.Split(':')[^1]}@", reason, StringComparison.Ordinal); // no password
        Assert.Contains(reason, summary.Events());
        Assert.True(summary.Long("operations.completed") > 0, output); // the load before the cut is in the figures
        Assert.Contains("PARTIAL: the run itself failed", File.ReadLines(Path.Combine(report, "report.md")).First(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(report, "report.html")), "report.html was not written");
        Assert.Contains("RUN FAILED:", output, StringComparison.Ordinal);
    }

    /// <summary>The seconds into the measured window a progress line ("  3.0s/10s  …") gives, or −1 for other lines.</summary>
    private static double SecondsIntoWindow(string line)
    {
        var match = System.Text.RegularExpressions.Regex.Match(line, @"^\s*(\d+(?:\.\d+)?)s/\d+s\s");
        return match.Success && !line.Contains("warm-up", StringComparison.Ordinal)
            ? double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : -1;
    }

    [Fact]
    public async Task A_run_sent_SIGINT_exits_4_with_its_reports_written_and_marked_partial()
    {
        using var dir = new TempDir();
        var scenario = dir.File("run.yaml");
        File.WriteAllText(scenario, Scenario($"sqlite:{dir.File("store.db")}", "120s"));
        var report = dir.File("report");
        using var run = new RunningCli("run", scenario, "--out", report);

        await run.WaitForLineAsync(l => l.Contains("ops/s", StringComparison.Ordinal) && !l.Contains("warm-up", StringComparison.Ordinal), TimeSpan.FromMinutes(2));
        run.Interrupt();
        var (code, output) = await run.ExitAsync(TimeSpan.FromMinutes(1));

        Assert.True(code == 4, $"exit {code}\n{output}");
        var summary = Summary.Read(report);
        Assert.True(summary.GetProperty("partial").GetBoolean());
        Assert.Equal("stopped", summary.Text("ending.kind"));
        Assert.True(summary.Number("duration_s") < 60, output); // it ended at the signal, not at its 120 s
        Assert.True(summary.Long("operations.completed") > 0, output);
        Assert.Contains("PARTIAL: stopped before its end", File.ReadLines(Path.Combine(report, "report.md")).First(), StringComparison.Ordinal);
        Assert.Contains("ABORTED:", output, StringComparison.Ordinal);
    }

}

/// <summary>A <c>monitorsim</c> process whose output lines the test can wait for while it runs.</summary>
internal sealed class RunningCli : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Task _stdout;
    private readonly Task _stderr;

    public RunningCli(params string[] args)
    {
        _process = Process.Start(CliProcess.StartInfo(args))!;
        _stdout = Pump(_process.StandardOutput);
        _stderr = Pump(_process.StandardError);
    }

    public int Id => _process.Id;

    /// <summary>Sends SIGINT, as Ctrl-C in a terminal does.</summary>
    public void Interrupt() => Assert.Equal(0, Kill(_process.Id, SigInt));

    private const int SigInt = 2;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private string Output
    {
        get
        {
            lock (_lines) return string.Join('\n', _lines);
        }
    }

    private async Task Pump(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
            lock (_lines) _lines.Add(line);
    }

    public async Task WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            lock (_lines) if (_lines.Any(match)) return;
            if (_process.HasExited) throw new InvalidOperationException($"monitorsim exited ({_process.ExitCode}) before the line came:\n{Output}");
            if (watch.Elapsed > timeout) throw new TimeoutException($"no such line within {timeout.TotalSeconds:0} s:\n{Output}");
            await Task.Delay(100);
        }
    }

    public async Task<(int Code, string Output)> ExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        await Task.WhenAll(_stdout, _stderr);
        return (_process.ExitCode, Output);
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
