using Microsoft.Extensions.Logging.Abstractions;
using MonitorSim.Domain.Topology;
using MonitorSim.Harness.Faults;
using MonitorSim.Harness.Nodes;
using MonitorSim.Harness.Runs;
using MonitorSim.Harness.Session;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Harness.Tests;

/// <summary>
/// A province run's faults when the province platform does not answer the harness (down, or too busy to answer in time):
/// the fault still acts on its city, and how it ended says the follow-up could not be made, rather than the injection
/// or its follow-up throwing into the run.
/// </summary>
public sealed class ProvinceFaultTests
{
    private const string Province = """
        name: small_province
        seed: 3
        duration: 5s
        store: memory
        clock: { compression: 10, start: "2026-11-27T09:30:00" }
        topology:
          cities:
            - { name: east, platforms: 2, points: 4, cameras: 8, co_handling: { centres: 0, posts: 0 } }
        monitoring: { keepalive_interval: 60s, offline_after_missed: 3, registration_expiry: 3600s, sweep_interval: 1s, reregister_jitter: 1s }
        scenarios:
          - name: keepalive
            operation: keepalive
            load:
              - periodic: { every: 60s, per: camera }
        """;

    /// <summary>The one-city province on one node, started.</summary>
    private static Task<TreeSession> StartAsync()
    {
        var scenario = ScenarioLoader.Parse(Province, "province.yaml");
        var province = ProvinceTopology.Build(scenario.Cities!, scenario.Seed);
        return TreeSession.StartAsync(new SessionOptions(scenario, province.Whole, LoadPlanner.Plan(scenario, province.Whole),
            ClusterSettings.SingleNode, Path.GetTempPath(), NullLoggerProvider.Instance, province), new QuietProgress(), default);
    }

    [Fact]
    public async Task A_city_that_does_not_answer_after_the_load_leaves_the_drain_and_the_city_lines_saying_so_instead_of_ending_the_run()
    {
        await using var session = await StartAsync();
        // Crashed until long after the load: a crash fault late in a run leaves its city down when the report is made.
        session.Province!.City("east").CrashCity(TimeSpan.FromSeconds(60));
        var events = new List<string>();

        await ProvinceReport.DrainAsync(session.Province, events);
        var lines = (await ProvinceReport.CitiesAsync(session.Province)).ToList();

        Assert.Contains(events, e => e.Contains("city east did not answer", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("province: city east: its city platform did not answer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_city_crash_injected_while_the_province_does_not_answer_crashes_the_city_and_says_its_resync_was_not_followed()
    {
        await using var session = await StartAsync();
        session.Province!.Province.Crash(TimeSpan.FromSeconds(60));
        var faults = new FaultInjector(session);

        var injected = faults.Inject(new FaultDefinition(TimeSpan.Zero, FaultTarget.City, null, false, TimeSpan.FromSeconds(1), City: "east"));
        var record = Assert.Single(await faults.RecordsAsync());

        Assert.Contains("city platform east crashed", injected);
        Assert.Null(record.RecoveredAfterS);
        Assert.Contains("not followed", record.Outcome);
    }

    [Fact]
    public async Task A_province_that_does_not_answer_after_the_load_leaves_the_alarm_audit_not_done_saying_why()
    {
        await using var session = await StartAsync();
        session.Province!.Province.Crash(TimeSpan.FromSeconds(60));
        var events = new List<string>();

        var audit = await ProvinceReport.AuditAsync(session.Province, [(0, 1L), (1, 2L)], events, wait: TimeSpan.FromSeconds(1));

        Assert.NotNull(audit);
        Assert.Equal(2, audit.Acknowledged);
        Assert.Equal(0, audit.InJournal);
        Assert.StartsWith("not done: the province platform did not answer", audit.Note, StringComparison.Ordinal);
        Assert.Contains(events, e => e.StartsWith("alarm audit: not done", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_city_that_does_not_answer_after_the_load_is_left_out_of_the_province_hop_and_the_run_says_so()
    {
        await using var session = await StartAsync();
        session.Province!.City("east").CrashCity(TimeSpan.FromSeconds(60));
        var events = new List<string>();

        var hop = await ProvinceReport.HopAsync(session.Province, 0, [0.5, 0.99], events);

        Assert.Equal(0, hop.Count);
        Assert.Contains(events, e => e.Contains("leaves out city east", StringComparison.Ordinal));
    }
}
