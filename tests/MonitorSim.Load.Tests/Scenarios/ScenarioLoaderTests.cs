using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Storage;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Scenarios;
using static MonitorSim.Load.Tests.Scenarios.ScenarioYaml;

namespace MonitorSim.Load.Tests.Scenarios;

public sealed class ScenarioLoaderTests
{
    private const string Full = """
        name: xuzhou_baseline
        description: "The seed city on a normal morning"
        seed: 7
        duration: 90s
        warm_up: 10s
        report_interval: 2s
        completion_timeout: 3s
        clock: { compression: 60, start: "2026-11-30T08:00:00" }
        store: "postgres://sim:sim@localhost:5432/sim"
        load_factor: 1.5
        topology: { platforms: 4, points: 40, cameras: 200, co_handling: { centres: 3, posts: 9 } }
        monitoring: { keepalive_interval: 30s, offline_after_missed: 4, registration_expiry: 7200s, online_on_keepalive: true, sweep_interval: 2s, reregister_jitter: 10s, alarm_clear_after: 90s, detections_file_clues: true }
        office_hours: { start: "09:00", end: "17:00" }
        scenarios:
          - name: keepalive
            operation: keepalive
            load:
              - periodic: { every: 60s, per: camera }
          - name: alarm
            operation: { kind: alarm, mix: { desk_unattended: 2, staff_absent: 1, video_loss: 1 } }
            load:
              - inject: { rate: 0.5, interval: 1h, per: camera, arrivals: poisson, during: 10s }
              - inject: { rate: 120, interval: 1s, during: 30s }
              - ramping_inject: { rate: 500, interval: 1s, during: 20s }
              - pause: { during: 5s }
              - inject: { rate: 50, interval: 1s }
        thresholds:
          - "alarm.p99 < 250ms"
          - dropped == 0
        faults:
          - { at: 30s, restart: { target: platform, id: largest, down_for: 2s } }
          - { at: 40s, restart: { target: platform, id: 3 } }
          - { at: 50s, restart: { target: city, down_for: 1s } }
        """;

    [Fact]
    public void A_full_scenario_parses_with_every_field()
    {
        var s = Parse(Full);

        Assert.Equal("xuzhou_baseline", s.Name);
        Assert.Equal("The seed city on a normal morning", s.Description);
        Assert.Equal(SourceName, s.SourceFile);
        Assert.Equal(7, s.Seed);
        Assert.Equal(TimeSpan.FromSeconds(90), s.Duration);
        Assert.Equal(TimeSpan.FromSeconds(10), s.WarmUp);
        Assert.Equal(TimeSpan.FromSeconds(2), s.ReportInterval);
        Assert.Equal(TimeSpan.FromSeconds(3), s.CompletionTimeout);
        Assert.Equal(60, s.Compression);
        Assert.Equal(new DateTime(2026, 11, 30, 8, 0, 0), s.SimStart);
        Assert.Equal(StoreKind.Postgres, s.Store.Kind);
        Assert.Equal(new PostgresAddress("localhost", 5432, "sim", "sim", "sim"), s.Store.Postgres);
        Assert.Equal(1.5, s.LoadFactor);
        Assert.Equal(new TopologySpec(4, 40, 200, 3, 9), s.Topology);
        Assert.Equal(new MonitoringSpec
        {
            KeepaliveInterval = TimeSpan.FromSeconds(30),
            OfflineAfterMissed = 4,
            RegistrationExpiry = TimeSpan.FromSeconds(7200),
            OnlineOnKeepalive = true,
            SweepInterval = TimeSpan.FromSeconds(2),
            ReregisterJitter = TimeSpan.FromSeconds(10),
            AlarmClearAfter = TimeSpan.FromSeconds(90),
            DetectionsFileClues = true,
        }, s.Monitoring);
        Assert.Equal(new OfficeHours(new TimeOnly(9, 0), new TimeOnly(17, 0)), s.OfficeHours);

        Assert.Equal(["keepalive", "alarm"], s.Streams.Select(x => x.Name));
        var keepalive = s.Streams[0];
        Assert.Equal(OperationKind.Keepalive, keepalive.Kind);
        Assert.Empty(keepalive.AlarmMix);
        Assert.Equal([new PeriodicStep(TimeSpan.FromSeconds(60), Population.Camera, null)], keepalive.Steps);
        Assert.Equal(15, keepalive.Line);

        var alarm = s.Streams[1];
        Assert.Equal(OperationKind.Alarm, alarm.Kind);
        Assert.Equal(
            [new AlarmWeight(AlarmType.DeskUnattended, 0.5), new AlarmWeight(AlarmType.StaffAbsent, 0.25), new AlarmWeight(AlarmType.VideoLoss, 0.25)],
            alarm.AlarmMix);
        Assert.Equal(
            [
                new InjectStep(0.5, TimeSpan.FromHours(1), TimeSpan.FromSeconds(10), Population.Camera, Arrivals.Poisson),
                new InjectStep(120, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), null, Arrivals.Uniform),
                new RampingInjectStep(500, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20), null, Arrivals.Uniform),
                new PauseStep(TimeSpan.FromSeconds(5)),
                new InjectStep(50, TimeSpan.FromSeconds(1), null, null, Arrivals.Uniform),
            ],
            alarm.Steps);

        Assert.Equal(["alarm.p99 < 250ms", "dropped == 0"], s.Thresholds.Select(t => t.Text));
        Assert.Equal((28, 6), (s.Thresholds[0].Line, s.Thresholds[0].Column));
        Assert.Equal(250, s.Thresholds[0].Expression.Limit);

        Assert.Equal(
            [
                new FaultDefinition(TimeSpan.FromSeconds(30), FaultTarget.Platform, null, true, TimeSpan.FromSeconds(2), 31),
                new FaultDefinition(TimeSpan.FromSeconds(40), FaultTarget.Platform, 3, false, TimeSpan.Zero, 32),
                new FaultDefinition(TimeSpan.FromSeconds(50), FaultTarget.City, null, false, TimeSpan.FromSeconds(1), 33),
            ],
            s.Faults);
    }

    [Fact]
    public void Defaults_apply_when_sections_are_omitted()
    {
        var s = Parse(Minimal);

        Assert.Null(s.Description);
        Assert.Equal(42, s.Seed);
        Assert.Equal(TimeSpan.FromSeconds(60), s.Duration);
        Assert.Equal(TimeSpan.Zero, s.WarmUp);
        Assert.Equal(TimeSpan.FromSeconds(1), s.ReportInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), s.CompletionTimeout);
        Assert.Equal(1, s.Compression);
        Assert.Equal(new DateTime(2026, 11, 27, 9, 0, 0), s.SimStart);
        Assert.Equal(StoreAddress.DefaultSqlite, s.Store);
        Assert.Equal(1, s.LoadFactor);
        Assert.Equal(TopologySpec.Xuzhou, s.Topology);
        Assert.Equal(TimeSpan.FromSeconds(60), s.Monitoring.KeepaliveInterval);
        Assert.Equal(3, s.Monitoring.OfflineAfterMissed);
        Assert.Equal(TimeSpan.FromSeconds(3600), s.Monitoring.RegistrationExpiry);
        Assert.False(s.Monitoring.OnlineOnKeepalive);
        Assert.Equal(TimeSpan.FromSeconds(5), s.Monitoring.SweepInterval);
        Assert.Equal(TimeSpan.FromSeconds(20), s.Monitoring.ReregisterJitter);
        Assert.Equal(TimeSpan.FromMinutes(10), s.Monitoring.AlarmClearAfter);
        Assert.False(s.Monitoring.DetectionsFileClues);
        Assert.Equal(new OfficeHours(new TimeOnly(8, 30), new TimeOnly(17, 30)), s.OfficeHours);
        Assert.Empty(s.Thresholds);
        Assert.Empty(s.Faults);
    }

    [Fact]
    public void A_partial_section_keeps_the_defaults_of_the_keys_it_omits()
    {
        var s = Parse(Minimal + "\ntopology: { platforms: 2 }\nmonitoring: { offline_after_missed: 5 }\n");

        Assert.Equal(TopologySpec.Xuzhou with { Platforms = 2 }, s.Topology);
        Assert.Equal(MonitoringSpec.Default with { OfflineAfterMissed = 5 }, s.Monitoring);
    }

    [Fact]
    public void Shorthand_and_mapping_operations_mean_the_same_kind()
    {
        var shorthand = Parse(WithSteps("service_flow", "      - inject: { rate: 1, interval: 1s }"));
        var mapping = Parse(WithSteps("{ kind: service_flow }", "      - inject: { rate: 1, interval: 1s }"));

        Assert.Equal(OperationKind.ServiceFlow, shorthand.Streams[0].Kind);
        Assert.Equal(OperationKind.ServiceFlow, mapping.Streams[0].Kind);
        Assert.Equal(OperationKind.Registration, Parse(WithSteps("registration", "      - pause: { during: 1s }")).Streams[0].Kind);
    }

    [Fact]
    public void An_alarm_stream_without_a_mix_gets_the_default_mix_normalised()
    {
        var s = Parse(WithSteps("alarm", "      - inject: { rate: 1, interval: 1s }"));

        var mix = s.Streams[0].AlarmMix;
        Assert.Equal(StreamDefinition.DefaultAlarmMix, mix);
        Assert.Equal(7, mix.Count);
        Assert.Equal(1.0, mix.Sum(w => w.Weight), 9);
    }

    [Fact]
    public void Fractional_rates_are_accepted()
    {
        var s = Parse(WithSteps("alarm", """
                  - inject: { rate: 0.2, interval: 1h, per: point, during: 10s }
                  - ramping_inject: { rate: 0.75, interval: 1h, per: point }
            """));

        Assert.Equal(0.2, ((InjectStep)s.Streams[0].Steps[0]).Rate);
        Assert.Equal(0.75, ((RampingInjectStep)s.Streams[0].Steps[1]).Rate);
    }

    [Fact]
    public void A_sqlite_store_with_a_path_is_kept_as_written()
    {
        Assert.Equal("data/run.db", Parse(Minimal + "\nstore: sqlite:data/run.db\n").Store.SqlitePath);
    }

    [Fact]
    public void A_postgresql_url_is_read_like_a_postgres_url_and_its_password_never_shows()
    {
        var s = Parse(Minimal + "\nstore: postgresql://sim:secret@db.example:6543/city\n").Store;

        Assert.Equal(new PostgresAddress("db.example", 6543, "city", "sim", "secret"), s.Postgres);
        Assert.Equal("postgres://sim@db.example:6543/city", s.Display);
        Assert.DoesNotContain("secret", s.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_model_takes_command_line_overrides_with_with()
    {
        var s = Parse(Minimal) with { Duration = TimeSpan.FromSeconds(5), Seed = 9, LoadFactor = 2, Store = StoreAddress.Parse("postgres://h/db") };

        Assert.Equal((TimeSpan.FromSeconds(5), 9, 2.0, "postgres://@h:5432/db"), (s.Duration, s.Seed, s.LoadFactor, s.Store.Display));
        Assert.Equal("minimal", s.Name);
    }

    [Fact]
    public void The_default_factory_builds_a_scenario_with_one_keepalive_stream()
    {
        var s = ScenarioDefinition.Default("smoke");

        Assert.Equal("smoke", s.Name);
        Assert.Equal(TopologySpec.Xuzhou, s.Topology);
        var stream = Assert.Single(s.Streams);
        Assert.Equal(OperationKind.Keepalive, stream.Kind);
        Assert.Equal(new PeriodicStep(TimeSpan.FromSeconds(60), Population.Camera, null), Assert.Single(stream.Steps));
    }

    [Fact]
    public void Empty_optional_sections_read_as_their_defaults()
    {
        var s = Parse(Minimal + "\nthresholds:\nfaults:\nclock:\ntopology:\n");

        Assert.Empty(s.Thresholds);
        Assert.Empty(s.Faults);
        Assert.Equal(1, s.Compression);
        Assert.Equal(TopologySpec.Xuzhou, s.Topology);
    }

    [Fact]
    public void Office_hours_contain_their_start_but_not_their_end()
    {
        var hours = OfficeHours.Default;

        Assert.True(hours.Contains(new DateTime(2026, 11, 27, 8, 30, 0)));
        Assert.True(hours.Contains(new DateTime(2026, 11, 27, 12, 0, 0)));
        Assert.False(hours.Contains(new DateTime(2026, 11, 27, 17, 30, 0)));
        Assert.False(hours.Contains(new DateTime(2026, 11, 27, 8, 29, 59)));
    }

    [Fact]
    public void Load_reads_a_file_and_records_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"monitorsim-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, Minimal);
        try
        {
            var s = ScenarioLoader.Load(path);
            Assert.Equal("minimal", s.Name);
            Assert.Equal(path, s.SourceFile);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
