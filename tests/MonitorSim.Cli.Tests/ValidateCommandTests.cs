using MonitorSim.TestSupport;

namespace MonitorSim.Cli.Tests;

/// <summary><c>monitorsim validate</c>: a scenario or an incident log is read and resolved, never run; exit 0 or 2.</summary>
public sealed class ValidateCommandTests
{
    [Fact]
    public async Task A_good_scenario_prints_its_streams_with_rates_and_expected_counts_thresholds_and_faults_and_runs_nothing()
    {
        using var dir = new TempDir();
        var path = dir.File("city.yaml");
        File.WriteAllText(path, TinyScenario.Yaml($"sqlite:{dir.File("store.db")}").Replace("thresholds:", """
            faults:
              - { at: 3s, restart: { target: platform, id: 1, down_for: 1s } }
            thresholds:
              - "alarm.fail_pct < 1%"
            """, StringComparison.Ordinal));

        var result = (await Cli.RunAsync("validate", path)).ExpectExit(0);

        // 20 alarms/s over the 4 s run, 2 s of it measured.
        Assert.Matches(@"│ alarm\s+│ alarm\s+│ 20\s+│.*│ 80\s+│ 40\s+│", result.Output);
        // 30 cameras every 2 s (15 keepalives/s), starting once they have booted in the first second: none of them boot in the
        // measured window.
        Assert.Matches(@"│ keepalive\s+│ keepalive\s+│ [\d.]+\s+│.*│ \d+\s+│ 30\s+│", result.Output);
        Assert.Matches(@"│ boot\s+│ registration\s+│ [\d.]+\s+│.*│ 30\s+│ 0\s+│", result.Output);
        Assert.Contains("threshold: alarm.p99 < 5s", result.Output, StringComparison.Ordinal);
        Assert.Contains("threshold: alarm.fail_pct < 1%", result.Output, StringComparison.Ordinal);
        Assert.Contains("fault: at 3s restart platform 1 for 1s", result.Output, StringComparison.Ordinal);
        Assert.Contains("VALID: scenario tiny: 4 stream(s) (and 2 built in), 2 threshold(s), 1 fault(s)", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("store.db")), "validate started a tree");
    }

    [Fact]
    public async Task A_bad_scenario_is_exit_2_with_its_file_line_and_field()
    {
        using var dir = new TempDir();
        var yaml = TinyScenario.Yaml("memory").Replace("rate: 20", "rate: -20", StringComparison.Ordinal);
        var path = dir.File("bad.yaml");
        File.WriteAllText(path, yaml);

        var result = (await Cli.RunAsync("validate", path)).ExpectExit(2);

        Assert.Contains($"{path}:{TinyScenario.LineOf(yaml, "rate: -20")}:", result.Output, StringComparison.Ordinal);
        Assert.Contains("INVALID:", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_good_log_prints_its_lines_span_and_types()
    {
        var log = RepoPaths.Scenario("incidents/small-city-outage.csv");
        var scenario = RepoPaths.Scenario("incidents/small-city.yaml");

        var result = (await Cli.RunAsync("validate", log, "--scenario", scenario)).ExpectExit(0);

        Assert.Contains("3,707 lines, 3,707 events, 0 rejected", result.Output, StringComparison.Ordinal);
        Assert.Contains("span: 2026-11-27T02:00:00Z", result.Output, StringComparison.Ordinal);
        Assert.Contains("type alarm: ", result.Output, StringComparison.Ordinal);
        Assert.Contains("type registration: ", result.Output, StringComparison.Ordinal);
        Assert.Contains("VALID: log", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exported_log_with_bom_crlf_extra_columns_quotes_and_bad_lines_is_exit_2_naming_every_rejected_line()
    {
        using var dir = new TempDir();
        var scenario = RepoPaths.Scenario("incidents/small-city.yaml");
        const string cam1 = "32030000001320000001", cam2 = "32030000001320000002";
        var lines = new[]
        {
            /* 1 */ "timestamp,operator,source,event,alarm_type,step,comment",
            /* 2 */ $"2026-11-27T10:00:00+08:00,\"Li, Wei\",{cam1},keepalive,,,",
            /* 3 */ $"2026-11-27T10:00:01+08:00,Zhang,{cam2},alarm,video_loss,,\"said \"\"check\"\"\"",
            /* 4 */ $"2026-11-27T10:00:02+08:00,Wang,{cam1},keepalive,,",
            /* 5 */ $"2026-11-27T10:00:03+08:00,Wang,99999999999999999999,keepalive,,,",
            /* 6 */ $"2026-11-27T10:00:04+08:00,Wang,{cam2},alarm,fire,,",
            /* 7 */ $"2026-11-27T10:00:05+08:00,Wang,{cam2},registration,,,\"a note\r\nover two lines\"",
            /* 9 */ $"2026-11-27T10:00:06+08:00,Wang,{cam1},keepalive,,,",
        };
        var log = dir.File("export.csv");
        File.WriteAllBytes(log, [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n")]);

        var result = (await Cli.RunAsync("validate", log, "--scenario", scenario)).ExpectExit(2);

        Assert.Contains("4 events, 3 rejected", result.Output, StringComparison.Ordinal);
        Assert.Contains("ignored columns: operator, comment", result.Output, StringComparison.Ordinal);
        var rejected = System.Text.RegularExpressions.Regex.Matches(result.Output, $@"error: {System.Text.RegularExpressions.Regex.Escape(log)}:(\d+):")
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal([4, 5, 6], rejected);
        Assert.Contains("INVALID: log", result.Output, StringComparison.Ordinal);
    }
}
