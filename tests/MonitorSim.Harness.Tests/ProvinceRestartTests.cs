using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;
using MonitorSim.Harness.Faults;
using MonitorSim.Harness.Nodes;
using MonitorSim.Harness.Session;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Harness.Tests;

/// <summary>
/// The province platform's own crash as a scenario fault, on a tiny province of three cities: the fault is followed until
/// every city has re-synced at the restarted province (time per city), and the alarms the province acknowledged before
/// its crash are checked to be still recorded there after it.
/// </summary>
public sealed class ProvinceRestartTests
{
    private const string Province = """
        name: tiny_province
        seed: 5
        duration: 30s
        store: memory
        clock: { compression: 60, start: "2026-11-27T09:30:00" }
        topology:
          cities:
            - { name: east, platforms: 2, points: 4, cameras: 8, co_handling: { centres: 0, posts: 0 } }
            - { name: west, platforms: 2, points: 4, cameras: 8, co_handling: { centres: 0, posts: 0 } }
            - { name: north, platforms: 2, points: 4, cameras: 8, co_handling: { centres: 0, posts: 0 } }
        monitoring: { keepalive_interval: 60s, offline_after_missed: 3, registration_expiry: 3600s, sweep_interval: 1s, reregister_jitter: 1s }
        faults:
          - { at: 5s, restart: { target: province, down_for: 2s } }
        scenarios:
          - name: keepalive
            operation: keepalive
            load:
              - periodic: { every: 60s, per: camera }
        """;

    private sealed class Outcomes : IOperationObserver
    {
        public ConcurrentQueue<OpOutcome> All { get; } = new();

        public void OnCompleted(in OpOutcome outcome) => All.Enqueue(outcome);
    }

    [Fact]
    public async Task After_the_province_platform_restarts_every_city_re_syncs_and_no_alarm_it_had_acknowledged_is_lost()
    {
        var scenario = ScenarioLoader.Parse(Province, "tiny.yaml");
        var topology = ProvinceTopology.Build(scenario.Cities!, scenario.Seed);
        await using var session = await TreeSession.StartAsync(new SessionOptions(scenario, topology.Whole, LoadPlanner.Plan(scenario, topology.Whole),
            ClusterSettings.SingleNode, Path.GetTempPath(), NullLoggerProvider.Instance, topology), new QuietProgress(), default);
        var province = session.Province!;
        // An alarm in every city, acknowledged up to the province before the crash.
        var outcomes = new Outcomes();
        var tree = province.CreateTree(outcomes);
        var cameras = Enumerable.Range(0, 3).Select(k => k * 8 + 1).ToArray();
        var deadline = Stopwatch.GetTimestamp() + 20 * Stopwatch.Frequency;
        foreach (var c in cameras) tree.Register(new CameraId(c), Ticket(c));
        while (outcomes.All.Count < cameras.Length)
        {
            Assert.True(Stopwatch.GetTimestamp() < deadline, "the three cameras did not register");
            await Task.Delay(50);
        }
        foreach (var c in cameras) tree.RaiseAlarm(new CameraId(c), AlarmType.VideoLoss, Ticket(c));
        while ((await province.Province.StatusAsync()).Cities.Values.Sum(c => c.AlarmIds.Count) < 3)
        {
            Assert.True(Stopwatch.GetTimestamp() < deadline, "the three alarms did not reach the province");
            await Task.Delay(100);
        }
        var faults = new FaultInjector(session);

        var injected = faults.Inject(Assert.Single(scenario.Faults));
        var record = Assert.Single(await faults.RecordsAsync());

        Assert.StartsWith("province platform crashed, down for 2s", injected, StringComparison.Ordinal);
        Assert.Contains("every city re-synced at it", record.Outcome, StringComparison.Ordinal);
        foreach (var name in topology.Names) Assert.Matches($@"\b{name} \d+\.\d s \(first report \d+ ms after it registered\)", record.Outcome);
        Assert.Matches(@"all (\d+) alarms it held before the crash are still recorded there", record.Outcome);
        Assert.True(int.Parse(System.Text.RegularExpressions.Regex.Match(record.Outcome, @"all (\d+) alarms it held").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 3, record.Outcome);
        Assert.NotNull(record.RecoveredAfterS);
        Assert.InRange(record.RecoveredAfterS!.Value, 2, 32);
    }

    private static OpTicket Ticket(int subject) => new(0, subject, Stopwatch.GetTimestamp(), Stopwatch.GetTimestamp());
}
