namespace MonitorSim.Cli.Tests;

/// <summary>A platform's alarms are journaled; a later run on the same store starts from them.</summary>
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

        var activeAfterFirst = first.Long("final_tree.active_alarms");
        var activeAfterSecond = second.Long("final_tree.active_alarms");
        var completedInSecond = second.Long("per_operation.alarm.completed");
        Assert.True(activeAfterFirst > 0, "the first run left no active alarm, so there is nothing to recover");
        Assert.True(completedInSecond > 0, "the second run completed no alarm");

        // Alarms stay active for 10 minutes of sim time and each run's clock starts at the same sim instant, so none
        // clears in either run. Every alarm the city saw after the first run is in the journal; every alarm the second
        // run completed was acknowledged by the city in a report whose roll-up already held the recovered ones. Without
        // recovery the second run would show only its own alarms (about as many as the first run's).
        Assert.True(activeAfterSecond >= activeAfterFirst + completedInSecond,
            $"after the second run the city shows {activeAfterSecond} active alarms; expected at least the first run's " +
            $"{activeAfterFirst} (recovered from the store) plus the {completedInSecond} the second run completed after warm-up");
    }
}
