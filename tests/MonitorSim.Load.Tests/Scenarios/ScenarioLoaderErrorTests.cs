using MonitorSim.Load.Scenarios;
using static MonitorSim.Load.Tests.Scenarios.ScenarioYaml;

namespace MonitorSim.Load.Tests.Scenarios;

public sealed class ScenarioLoaderErrorTests
{
    [Fact]
    public void A_misspelt_key_is_reported_with_file_line_column_and_a_suggestion()
    {
        var error = Assert.Single(Errors(Minimal + "\ntopolgy: { platforms: 2 }\n"));

        Assert.Equal(("test.yaml", 7, 1, "topolgy"), (error.File, error.Line, error.Column, error.Field));
        Assert.Contains("unknown key 'topolgy'", error.Message);
        Assert.Contains("did you mean 'topology'?", error.Message);
        Assert.StartsWith("test.yaml:7:1: topolgy: unknown key", error.ToString());
    }

    [Fact]
    public void A_misspelt_nested_key_names_its_full_path()
    {
        var error = Assert.Single(Errors(Minimal + "\nmonitoring:\n  keepalive_intervall: 30s\n"));

        Assert.Equal(("monitoring.keepalive_intervall", 8, 3), (error.Field, error.Line, error.Column));
        Assert.Contains("did you mean 'keepalive_interval'?", error.Message);
    }

    [Fact]
    public void An_unknown_key_far_from_any_known_one_lists_the_known_keys_instead()
    {
        var error = Assert.Single(Errors(Minimal + "\nzzzzzz: 1\n"));

        Assert.DoesNotContain("did you mean", error.Message);
        Assert.Contains("known keys: name,", error.Message);
    }

    [Fact]
    public void A_start_timeout_that_is_not_a_positive_duration_is_reported_on_its_line()
    {
        var error = Assert.Single(Errors(Minimal + "\nstart_timeout: 0s\n"));

        Assert.Equal(("start_timeout", 7), (error.Field, error.Line));
    }

    [Fact]
    public void An_alarm_clear_time_that_is_not_a_positive_duration_is_reported_on_its_line()
    {
        var error = Assert.Single(Errors(Minimal + "\nmonitoring:\n  sweep_interval: 5s\n  alarm_clear_after: 0s\n"));

        Assert.Equal(("monitoring.alarm_clear_after", 9), (error.Field, error.Line));
    }

    [Fact]
    public void A_start_timeout_is_read_and_without_one_the_start_deadline_grows_with_the_tree()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), Parse(Minimal + "\nstart_timeout: 5m\n").StartTimeout);
        Assert.Null(Parse(Minimal).StartTimeout);
    }

    [Fact]
    public void A_negative_camera_count_is_reported_on_its_line()
    {
        var error = Assert.Single(Errors(Minimal + "\ntopology:\n  platforms: 2\n  cameras: -5\n"));

        Assert.Equal(("topology.cameras", 9, 12), (error.Field, error.Line, error.Column));
        Assert.Contains("must be >= 0, got -5", error.Message);
    }

    [Fact]
    public void Topology_counts_must_nest_platforms_within_points_within_cameras()
    {
        var errors = Errors(Minimal + "\ntopology: { platforms: 10, points: 5, cameras: 4 }\n");

        Assert.Equal(["topology.points", "topology.cameras"], errors.Select(e => e.Field));
        Assert.Contains(errors, e => e.Message.Contains("at least platforms (10)"));
    }

    [Fact]
    public void A_malformed_duration_is_reported_with_its_field_and_line()
    {
        var error = Assert.Single(Errors(Minimal + "\nwarm_up: 10x\n"));

        Assert.Equal(("warm_up", 7, 10), (error.Field, error.Line, error.Column));
        Assert.Contains("'10x' is not a duration", error.Message);
    }

    [Fact]
    public void A_missing_file_is_reported_by_name()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-scenario-{Guid.NewGuid():N}.yaml");

        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(path));

        var error = Assert.Single(ex.Errors);
        Assert.Equal((path, 0), (error.File, error.Line));
        Assert.Contains("not found", error.Message);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void Every_error_in_a_file_is_reported_at_once_in_file_order()
    {
        var yaml = """
            name: Bad Name
            seed: many
            duration: 0s
            load_factor: -1
            scenarios:
              - name: a
                operation: keepalive
                load:
                  - periodic: { every: 1s, per: camera }
              - name: a
                operation: telepathy
                load:
                  - inject: { rate: -3, interval: 1s }
            """;

        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml, "many.yaml"));

        Assert.Equal(
            ["name", "seed", "duration", "load_factor", "scenarios[1].name", "scenarios[1].operation", "scenarios[1].load[0].inject.rate"],
            ex.Errors.Select(e => e.Field));
        Assert.Equal([1, 2, 3, 4, 10, 11, 13], ex.Errors.Select(e => e.Line));
        Assert.Equal(string.Join("\n", ex.Errors), ex.Message);
        Assert.Contains("duplicate stream name 'a'", ex.Errors[4].Message);
    }

    [Fact]
    public void A_malformed_threshold_points_at_the_offending_character_in_the_file()
    {
        var errors = Errors(Minimal + "\nthresholds:\n  - \"alarm.p95 < 250ms\"\n  - 'dropped = 0'\n");

        // line 8: `  - "alarm.p95 < 250ms"`: the quote is column 5, so 'p95' starts at column 12
        Assert.Equal(("test.yaml", 8, 12, "thresholds[0]"), (errors[0].File, errors[0].Line, errors[0].Column, errors[0].Field));
        Assert.Contains("unknown statistic 'p95'", errors[0].Message);
        // line 9: `  - 'dropped = 0'`: the lone '=' is column 14
        Assert.Equal((9, 14, "thresholds[1]"), (errors[1].Line, errors[1].Column, errors[1].Field));
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void A_malformed_plain_threshold_is_located_without_a_quote_offset()
    {
        var error = Assert.Single(Errors(Minimal + "\nthresholds:\n  - alarm.p99 < 250xs\n"));

        // `  - alarm.p99 < 250xs`: the scalar starts at column 5, the unit at column 20
        Assert.Equal((8, 20), (error.Line, error.Column));
        Assert.Contains("unknown unit 'xs'", error.Message);
    }

    [Fact]
    public void During_missing_on_a_step_that_is_not_the_last_is_an_error()
    {
        var error = Assert.Single(Errors(WithSteps("alarm", """
                  - inject: { rate: 10, interval: 1s }
                  - pause: { during: 5s }
            """)));

        Assert.Equal(("scenarios[0].load[0].inject.during", 6), (error.Field, error.Line));
        Assert.Contains("required on every step but the last", error.Message);
    }

    [Fact]
    public void Warm_up_must_be_shorter_than_the_duration()
    {
        var error = Assert.Single(Errors(Minimal + "\nduration: 10s\nwarm_up: 10s\n"));

        Assert.Equal(("warm_up", 8), (error.Field, error.Line));
    }

    [Fact]
    public void A_mix_is_only_allowed_on_alarm_streams()
    {
        var error = Assert.Single(Errors(WithSteps("{ kind: keepalive, mix: { conflict: 1 } }", "      - pause: { during: 1s }")));

        Assert.Equal("scenarios[0].operation.mix", error.Field);
    }

    [Fact]
    public void A_mix_needs_a_known_type_and_a_positive_weight()
    {
        var errors = Errors(WithSteps("{ kind: alarm, mix: { desk_unatended: 1, conflict: -1 } }", "      - pause: { during: 1s }"));

        Assert.Equal(["scenarios[0].operation.mix.desk_unatended", "scenarios[0].operation.mix.conflict"], errors.Select(e => e.Field));
        Assert.Contains("did you mean 'desk_unattended'?", errors[0].Message);

        var zero = Assert.Single(Errors(WithSteps("{ kind: alarm, mix: { conflict: 0 } }", "      - pause: { during: 1s }")));
        Assert.Contains("at least one weight above 0", zero.Message);
    }

    [Fact]
    public void Wrong_types_are_errors_even_when_the_text_looks_right()
    {
        var errors = Errors(Minimal + "\nseed: \"42\"\nclock: 5\nmonitoring: { online_on_keepalive: yes, detections_file_clues: sometimes }\n");

        Assert.Equal(["seed", "clock", "monitoring.online_on_keepalive", "monitoring.detections_file_clues"], errors.Select(e => e.Field));
        Assert.Contains("quoted string", errors[0].Message);
        Assert.Contains("expected a mapping", errors[1].Message);
    }

    [Fact]
    public void Required_keys_are_reported_when_missing()
    {
        var errors = Errors("seed: 1\n");

        Assert.Equal(["name", "scenarios"], errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.Equal("is required", e.Message));
    }

    [Fact]
    public void An_empty_document_is_an_error()
    {
        var error = Assert.Single(Errors("# nothing here\n"));

        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void A_document_that_is_not_a_mapping_is_an_error()
    {
        var error = Assert.Single(Errors("- just\n- a list\n"));

        Assert.Contains("expected a mapping", error.Message);
    }

    [Fact]
    public void Broken_yaml_syntax_is_reported_with_its_position()
    {
        var error = Assert.Single(Errors("name: x\nscenarios: [ unclosed\n"));

        Assert.Equal("test.yaml", error.File);
        Assert.True(error.Line >= 2, error.ToString());
        Assert.Contains("not valid YAML", error.Message);
    }

    [Fact]
    public void A_scenario_needs_at_least_one_stream()
    {
        var error = Assert.Single(Errors("name: x\nscenarios: []\n"));

        Assert.Equal("scenarios", error.Field);
    }

    [Fact]
    public void A_step_names_exactly_one_kind()
    {
        var error = Assert.Single(Errors(WithSteps("keepalive", "      - { pause: { during: 1s }, inject: { rate: 1, interval: 1s } }")));

        Assert.Equal("scenarios[0].load[0]", error.Field);
        Assert.Contains("exactly one", error.Message);
    }

    [Fact]
    public void A_ramp_must_count_over_the_same_population_as_the_step_before_it()
    {
        var error = Assert.Single(Errors(WithSteps("alarm", """
                  - inject: { rate: 1, interval: 1h, per: camera, during: 5s }
                  - ramping_inject: { rate: 100, interval: 1s }
            """)));

        Assert.Equal("scenarios[0].load[1].ramping_inject.per", error.Field);
    }

    [Fact]
    public void Out_of_range_values_are_errors()
    {
        var errors = Errors(Minimal + """

            clock: { compression: 0, start: "2026-11-27T09:00:00+08:00" }
            store: mysql://x
            office_hours: { start: "18:00", end: "09:00" }
            report_interval: 0s
            """);

        Assert.Equal(["clock.compression", "clock.start", "store", "office_hours.end", "report_interval"], errors.Select(e => e.Field));
    }

    [Fact]
    public void Unknown_enum_values_suggest_the_nearest_one()
    {
        var error = Assert.Single(Errors(WithSteps("alarm", "      - inject: { rate: 1, interval: 1h, per: camra }")));

        Assert.Equal("scenarios[0].load[0].inject.per", error.Field);
        Assert.Contains("did you mean 'camera'?", error.Message);
    }

    [Fact]
    public void Faults_must_name_an_existing_platform_and_fire_before_the_end()
    {
        var errors = Errors(Minimal + """

            topology: { platforms: 3 }
            faults:
              - { at: 90s, restart: { target: city } }
              - { at: 1s, restart: { target: platform, id: 3 } }
              - { at: 1s, restart: { target: city, id: 0 } }
              - { at: 1s, restart: { target: platform } }
              - { at: 1s }
            """);

        Assert.Equal(["faults[0].at", "faults[1].restart.id", "faults[2].restart.id", "faults[3].restart.id", "faults[4]"], errors.Select(e => e.Field));
    }

    [Fact]
    public void Node_and_store_faults_read_and_refuse_what_cannot_be_done()
    {
        var ok = ScenarioLoader.Parse(Minimal + """

            faults:
              - { at: 10s, kill_node: 2 }
              - { at: 20s, store_unavailable: 5s }
            """, "faults.yaml");
        Assert.Equal((FaultTarget.Node, 2), (ok.Faults[0].Target, ok.Faults[0].Node!.Value));
        Assert.Equal((FaultTarget.Store, TimeSpan.FromSeconds(5)), (ok.Faults[1].Target, ok.Faults[1].DownFor));

        var errors = Errors(Minimal + """

            faults:
              - { at: 10s, kill_node: 1 }
              - { at: 10s, store_unavailable: 0s }
              - { at: 10s, kill_node: 2, store_unavailable: 5s }
            """);
        Assert.Equal(["faults[0].kill_node", "faults[1].store_unavailable", "faults[2]"], errors.Select(e => e.Field));
    }

    [Fact]
    public void A_partition_names_two_different_nodes_and_how_long_the_cut_lasts()
    {
        var ok = ScenarioLoader.Parse(Minimal + """

            faults:
              - { at: 10s, partition: [1, 2], for: 12s }
            """, "faults.yaml");
        var cut = ok.Faults.Single();
        Assert.Equal((FaultTarget.Partition, 1, 2, TimeSpan.FromSeconds(12)), (cut.Target, cut.Node!.Value, cut.PeerNode!.Value, cut.DownFor));
        Assert.Equal([1, 2], cut.Nodes);
        Assert.Equal("partition", cut.Action);

        var errors = Errors(Minimal + """

            faults:
              - { at: 10s, partition: [1, 2] }
              - { at: 10s, partition: [2, 2], for: 5s }
              - { at: 10s, partition: [1, 2, 3], for: 5s }
              - { at: 10s, partition: [0, 2], for: 5s }
              - { at: 10s, partition: [1, 2], for: 0s }
              - { at: 10s, kill_node: 2, for: 5s }
              - { at: 10s, freeze_node: { node: 2, for: 5s }, for: 5s }
            """);
        Assert.Equal(["faults[0].for", "faults[1].partition", "faults[2].partition", "faults[3].partition[0]", "faults[4].for",
            "faults[5].for", "faults[6].for"], errors.Select(e => e.Field));
        Assert.Contains("cuts a node off from itself", errors[1].Message);
        Assert.Contains("belongs inside freeze_node", errors[6].Message);
        Assert.All(errors, e => Assert.True(e.Line > 0, $"{e.Field} has no line"));
    }
}
