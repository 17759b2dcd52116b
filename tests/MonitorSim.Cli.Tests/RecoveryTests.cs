namespace MonitorSim.Cli.Tests;

/// <summary>A later run on the same store recovers the city's history and continues it on the next sim day.</summary>
[Collection(TreeRunCollection.Name)]
public sealed class RecoveryTests
{
    [Fact]
    public async Task Recovery_from_the_sqlite_store_on_a_second_run()
    {
        using var dir = new TempDir();
        var scenario = TinyScenario.WriteTo(dir);

        (await Cli.RunAsync("run", scenario, "--out", dir.File("first"))).ExpectExit(0);
        var first = Summary.Read(dir.File("first"));
        (await Cli.RunAsync("run", scenario, "--out", dir.File("second"))).ExpectExit(0);
        var second = Summary.Read(dir.File("second"));

        // The second run recovered the first run's history from the journal and therefore starts on the next sim day,
        // so that sim time never runs backwards (yesterday's alarms then clear as they would). The alarms themselves
        // are checked precisely in MonitorSim.Cluster.Tests (RecoveryTests).
        Assert.DoesNotContain(first.Events(), e => e.Contains("sim day", StringComparison.Ordinal));
        Assert.Contains(second.Events(), e => e.Contains("this run is sim day +1", StringComparison.Ordinal));
        Assert.True(second.Long("per_operation.alarm.completed") > 0, "the second run completed no alarm");

        (await Cli.RunAsync("run", scenario, "--out", dir.File("third"))).ExpectExit(0);
        Assert.Contains(Summary.Read(dir.File("third")).Events(), e => e.Contains("this run is sim day +2", StringComparison.Ordinal));
    }
}
