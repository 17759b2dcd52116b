using MonitorSim.Domain.Supervision;
using MonitorSim.Load.Results;

namespace MonitorSim.Reports.Tests;

/// <summary>Hand-built run results with known numbers, so tests can assert exact values in every report.</summary>
public static class SampleRuns
{
    /// <summary>A 30 s run with 10 s warm-up, two operations (alarm with one hop, keepalive) and passing thresholds.</summary>
    public static RunResult Create(string scenario = "city_smoke") => new(
        Run: new RunInfo(
            Scenario: scenario,
            ScenarioFile: "scenarios/city-smoke.yaml",
            Seed: 7,
            StartedAt: new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
            DurationS: 30,
            WarmUpS: 10,
            LoadFactor: 1.5,
            Compression: 2,
            Nodes: 3,
            Store: "sqlite",
            Build: new BuildInfo("0.1.0", "abc1234", "Release", "10.0.0"),
            Machine: "ci-box",
            Os: "Linux 6.1",
            Cores: 2),
        Topology: new TopologySummary(2, 5, 40, 3, 4, 6, "fp-1234", 12.3456, 78.9),
        Workload:
        [
            new WorkloadLine("keepalive", "keepalive", 0.6667, "40 cameras / 60s", new OperationCounts(20, 19, 1, 0)),
            new WorkloadLine("alarm", "alarm", 2.5, "inject 2.5/s poisson", new OperationCounts(50, 48, 1, 1, 1)),
        ],
        Operations: new OperationCounts(70, 67, 2, 1, 1),
        ThroughputOps: 3.35,
        Latency: new Dictionary<string, LatencyStats>
        {
            ["keepalive"] = new(19, 1.8, 1.5, 2.0, 2.5, 2.9, 3.1),
            ["alarm.point_to_platform"] = new(48, 3.3333, 3.0, 4.0, 5.0, 6.0, 7.0),
            ["alarm"] = new(48, 12.34567, 10.1, 20.2, 30.3, 40.4, 50.5),
        },
        ServiceTime: new Dictionary<string, LatencyStats>
        {
            ["keepalive"] = new(19, 1.2, 1.0, 1.4, 1.9, 2.0, 2.2),
            ["alarm.point_to_platform"] = new(48, 2.5, 2.0, 3.0, 4.0, 5.0, 6.0),
            ["alarm"] = new(48, 8.0004, 7.0, 9.0, 11.0, 13.0, 15.0),
        },
        GeneratorLag: new LatencyStats(70, 0.5, 0.4, 0.9, 1.25, 2.5, 3.0),
        PerOperation: new Dictionary<string, OperationCounts>
        {
            ["keepalive"] = new(20, 19, 1, 0),
            ["alarm"] = new(50, 48, 1, 1, 1),
        },
        Failures: new Dictionary<string, long>
        {
            ["keepalive:not_registered"] = 1,
            ["alarm:timeout"] = 1,
        },
        Thresholds:
        [
            new ThresholdResult("alarm.p99 < 250ms", 30.3, true, Checks: 51),
            new ThresholdResult("dropped <= 1", 1, true),
        ],
        Resources: new ResourceUsage(4.5678, 123.456, 10, 2, 1, 456.78),
        Timeline:
        [
            new TimelineRow(10, true, 10, 8, 6, 0, 0, 2, 0.75,
                new Dictionary<string, IntervalStats> { ["keepalive"] = new(6, 0, 1.25, 2.0) },
                new TreeStatus(30, 10, 0)),
            new TimelineRow(20, false, 10, 30, 25, 1, 0, 3, 1.5,
                new Dictionary<string, IntervalStats>
                {
                    ["keepalive"] = new(5, 0, 1.5, 2.5),
                    ["alarm"] = new(20, 1, 9.5, 31.25),
                },
                new TreeStatus(38, 2, 4)) { WorkingSetMb = 412.5 },
            new TimelineRow(30, false, 10, 32, 28, 1, 1, 1, 1.25,
                new Dictionary<string, IntervalStats>
                {
                    ["keepalive"] = new(8, 1, 1.4, 2.25),
                    ["alarm"] = new(20, 0, 10.0, 29.5),
                },
                new TreeStatus(38, 2, 3)),
        ],
        FinalTree: new TreeStatus(38, 2, 3),
        Events: ["t=15s kill_node 2", "t=20s node 2 recovered"]);

    /// <summary>The sample run with a supervision year whose accountability handlings fall in the rules' first, second and
    /// fourth categories (none in the third).</summary>
    public static RunResult WithSupervisionYear()
    {
        var rules = AccountabilityCatalogue.Standard;
        var year = new SupervisionFigures
        {
            CluesReceived = 2551,
            AccountabilityHandled = 322,
            UnitsWarned = 40,
            AccountabilityByCategory = new Dictionary<string, int>
            {
                [rules.Categories[0]] = 120, [rules.Categories[1]] = 150, [rules.Categories[2]] = 0, [rules.Categories[3]] = 52,
            },
        };
        return Create() with
        {
            Supervision = new SupervisionResult("y1", new DateTime(2015, 1, 1), 485, 0, true, 40.9, 20_717, 17_000, 0, 0, year, year,
                [
                    new CalibrationRow(SeedFigures.Year.Single(f => f.Seed == 322), 330.1, 9.7, 310.2, 350.0),
                    new CalibrationRow(SeedFigures.HeldOut.Single(), 42.4, 6.2, 36.3, 48.5),
                ],
                new Dictionary<string, LatencyStats>(), [])
            {
                Replications = 30,
                FromJournal = true,
                Derivation = SupervisionDerivation.Of(new SupervisionSpec { SubstantiatedShare = 0.164, AccountabilityCitedShare = 0.7857 }),
            },
        };
    }

    /// <summary>The sample run with its latency threshold broken.</summary>
    public static RunResult Failing() => Create() with
    {
        Thresholds =
        [
            new ThresholdResult("alarm.p99 < 25ms", 30.3, false, Checks: 51, FailedChecks: 51, FirstFailedAtS: 11),
            new ThresholdResult("dropped <= 1", 1, true),
        ],
    };
}
