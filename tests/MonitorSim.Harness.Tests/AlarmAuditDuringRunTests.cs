using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using MonitorSim.Domain.Topology;
using MonitorSim.Harness.Measurement;
using MonitorSim.Harness.Nodes;
using MonitorSim.Harness.Runs;
using MonitorSim.Harness.Session;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Harness.Tests;

/// <summary>
/// The alarm audit runs beside the load: it takes the acknowledgements as they come and checks them against the journal
/// in rounds, so a long run does not hold every acknowledgement to its end, and a lost alarm still shows.
/// </summary>
public sealed class AlarmAuditDuringRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("monitorsim-alarm-audit-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<(TreeSession Session, IReadOnlyList<StreamPlan> Plans)> StartAsync()
    {
        var scenario = ScenarioLoader.Parse($"""
            name: alarm_audit
            seed: 11
            duration: 4s
            warm_up: 0s
            report_interval: 500ms
            store: "sqlite:{Path.Combine(_dir, "store.db")}"
            topology: {"{"} platforms: 3, points: 6, cameras: 60 {"}"}
            scenarios:
              - name: alarm
                operation: alarm
                load:
                  - inject: {"{"} rate: 100, interval: 1s {"}"}
            """, "alarm-audit.yaml");
        var topology = TopologyBuilder.Build(scenario.Topology, scenario.Seed);
        var plans = LoadPlanner.Plan(scenario, topology);
        var session = await TreeSession.StartAsync(new SessionOptions(scenario, topology, plans, ClusterSettings.SingleNode, _dir,
            NullLoggerProvider.Instance), new QuietProgress(), default);
        return (session, plans);
    }

    [Fact]
    public async Task Every_alarm_acknowledged_during_the_run_is_found_in_the_journal_and_taken_while_the_load_went_on()
    {
        var (session, plans) = await StartAsync();
        await using var _ = session;
        var acknowledged = new AcknowledgedOperations();
        await using var auditor = await AlarmAuditor.StartAsync(session.Node!, session.Topology, acknowledged.Alarms, StreamDefinition.DefaultTimeout, TimeSpan.FromMilliseconds(300));

        var window = await MeasuredWindow.RunAsync(session, new WindowRequest(session.Scenario, plans) { Acknowledged = acknowledged }, default);
        var answered = window.Outcome.PerOperation["alarm"].Completed;
        var leftForTheEnd = acknowledged.Alarms.Count;
        var events = new List<string>();
        var audit = await auditor.FinishAsync(events);

        Assert.Equal((400L, 0L), (window.Outcome.PerOperation["alarm"].Offered, window.Outcome.PerOperation["alarm"].Failed));
        Assert.NotNull(audit);
        Assert.Equal(answered, audit.Acknowledged);
        Assert.Equal((answered, 0L), (audit.InJournal, audit.Missing));
        // Rounds every 0.3 s over a 4 s load took acknowledgements while it went on. How many is the machine's business (a
        // loaded host ran the first round late and left 370 of 400 for the end, 2026-12-05): only that some were is behaviour.
        Assert.True(leftForTheEnd < answered, $"{leftForTheEnd} of {answered} acknowledgements were still queued at the end: no round ran during the load");
        Assert.Contains($"alarm audit: all {answered:N0} acknowledged alarms are in the journal", events);
    }

    [Fact]
    public async Task An_acknowledged_alarm_the_journal_does_not_hold_is_reported_missing()
    {
        var (session, plans) = await StartAsync();
        await using var _ = session;
        var acknowledged = new AcknowledgedOperations();
        await using var auditor = await AlarmAuditor.StartAsync(session.Node!, session.Topology, acknowledged.Alarms, StreamDefinition.DefaultTimeout, TimeSpan.FromMilliseconds(300));
        var window = await MeasuredWindow.RunAsync(session, new WindowRequest(session.Scenario, plans) { Acknowledged = acknowledged }, default);
        // An acknowledgement for an alarm no platform stored: what a lost write would look like.
        acknowledged.Alarms.Enqueue((Camera: 5, AlarmId: 9_999_999));
        var events = new List<string>();

        var audit = await auditor.FinishAsync(events);

        Assert.NotNull(audit);
        Assert.Equal(window.Outcome.PerOperation["alarm"].Completed + 1, audit.Acknowledged);
        Assert.Equal(1L, audit.Missing);
        Assert.Contains(events, e => e.StartsWith("alarm audit: 1 of ", StringComparison.Ordinal) && e.EndsWith("are NOT in the journal", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_store_s_history_from_earlier_runs_is_not_read_again_the_audit_starts_where_each_journal_stood()
    {
        // The first run writes its alarms into a fresh store; the second, a run of its own on the same store, finds them
        // there as history.
        var first = await AuditedRunAsync();
        var second = await AuditedRunAsync();

        Assert.Equal((0L, 0L), (first.Audit.Missing, second.Audit.Missing));
        Assert.True(first.Audit.InJournal >= 300 && second.Audit.InJournal >= 300, $"{first.Audit.InJournal} and {second.Audit.InJournal} alarms found");
        // Each run's audit reads about what that run wrote (its alarms and little else); reading the first run's events
        // again would make the second's about twice the first's.
        Assert.True(first.EventsRead >= first.Audit.InJournal, $"the first audit read {first.EventsRead} events for {first.Audit.InJournal} alarms");
        Assert.True(second.EventsRead < first.EventsRead * 3 / 2,
            $"the second audit read {second.EventsRead} journal events, the first {first.EventsRead}: the history was read again");
    }

    private async Task<(AlarmAudit Audit, long EventsRead)> AuditedRunAsync()
    {
        var (session, plans) = await StartAsync();
        await using var _ = session;
        var acknowledged = new AcknowledgedOperations();
        await using var auditor = await AlarmAuditor.StartAsync(session.Node!, session.Topology, acknowledged.Alarms, StreamDefinition.DefaultTimeout, TimeSpan.FromMilliseconds(300));
        await MeasuredWindow.RunAsync(session, new WindowRequest(session.Scenario, plans) { Acknowledged = acknowledged }, default);
        var audit = await auditor.FinishAsync([]);
        Assert.NotNull(audit);
        return (audit, auditor.JournalEventsRead);
    }
}
