using MonitorSim.Load.Engine;
using MonitorSim.Load.Scenarios;
using MonitorSim.TestSupport;

namespace MonitorSim.Load.Tests.Scenarios;

/// <summary>The scenarios shipped in scenarios/ (not the self-test ones, which check the engine) hold every operation to
/// answered: a threshold on timeouts, and a failure rate for every operation their streams run.</summary>
public sealed class ShippedScenarioThresholdTests
{
    public static TheoryData<string> Shipped() =>
        [.. Directory.GetFiles(Path.Combine(RepoPaths.Root(), "scenarios"), "*.yaml").Select(f => Path.GetFileName(f)).Order()];

    [Theory]
    [MemberData(nameof(Shipped))]
    public void A_shipped_scenario_bounds_its_timeouts_and_every_operations_failure_rate(string file)
    {
        var s = ScenarioLoader.Load(RepoPaths.Scenario(file));
        var thresholds = s.Thresholds.Select(t => t.Expression).ToList();

        Assert.Contains(thresholds, t => t is { Key: "", Stat: "timed_out" or "timed_out_pct" });
        // The cameras' boot registrations fall in the warm-up (the boot window is at most half of it), so registration has
        // measured figures only where a stream registers, or a restarted platform or city makes its cameras register again.
        // In a province a city's restart re-registers its platforms with it, not their cameras, which stay with the platforms.
        var reregisters = s.Faults.Any(f => f.Target is FaultTarget.Platform || (f.Target is FaultTarget.City && s.Cities is null));
        var operations = s.Streams.Select(x => x.OperationName)
            .Concat(reregisters ? [OperationNames.Of(Domain.Operations.OperationKind.Registration)] : [])
            .Distinct();
        foreach (var operation in operations)
            Assert.True(thresholds.Any(t => t.Key == operation && t.Stat == "fail_pct"), $"{file}: no fail_pct threshold on {operation}");
    }
}
