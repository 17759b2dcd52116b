using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using MonitorSim.Load.Scenarios;
using MonitorSim.TestSupport;

namespace MonitorSim.Load.Tests.Scenarios.Schema;

/// <summary>
/// docs/scenario.schema.json against the scenario reader: every shipped scenario is valid, every key the reader accepts
/// is declared (with where to add a missing one), every declared key is used by every-key.yaml (so the reader's view of
/// it is checked too), and for representative documents the schema and the reader agree.
/// </summary>
public sealed class ScenarioSchemaTests
{
    private const string SchemaFile = "docs/scenario.schema.json";
    private const string EveryKeyFile = "tests/MonitorSim.Load.Tests/Scenarios/Schema/every-key.yaml";
    // A province's keys cannot stand beside the one-city keys of every-key.yaml: the two files together use every key.
    private const string EveryProvinceKeyFile = "tests/MonitorSim.Load.Tests/Scenarios/Schema/every-key-province.yaml";

    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(RepoPaths.Root(), SchemaFile)), new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    private static readonly Lazy<SchemaKeys> Declared = new(() =>
        new SchemaKeys(JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root(), SchemaFile)))!));

    private static string EveryKeyPath => Path.Combine(RepoPaths.Root(), EveryKeyFile);

    private static string EveryProvinceKeyPath => Path.Combine(RepoPaths.Root(), EveryProvinceKeyFile);

    /// <summary>Why <paramref name="yaml"/> is not valid by the schema (empty when it is).</summary>
    private static List<string> SchemaErrors(string yaml)
    {
        var json = JsonSerializer.SerializeToElement(YamlJson.Convert(yaml));
        var result = Schema.Value.Evaluate(json, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return [];
        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}")).ToList();
        return errors.Count > 0 ? errors : ["invalid (no detail)"];
    }

    /// <summary>Every scenario file under scenarios/, relative to the repository.</summary>
    private static List<string> ShippedScenarioFiles() =>
        Directory.EnumerateFiles(Path.Combine(RepoPaths.Root(), "scenarios"), "*.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepoPaths.Root(), f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();

    public static TheoryData<string> ShippedScenarios() => new(ShippedScenarioFiles());

    [Theory]
    [MemberData(nameof(ShippedScenarios))]
    public void Every_shipped_scenario_is_valid_by_the_schema(string file)
    {
        var errors = SchemaErrors(File.ReadAllText(Path.Combine(RepoPaths.Root(), file)));
        Assert.True(errors.Count == 0, $"{file} is not valid by {SchemaFile}:\n  {string.Join("\n  ", errors)}");
    }

    [Fact]
    public void The_every_key_scenario_is_valid_by_the_schema_and_accepted_by_the_reader()
    {
        var yaml = File.ReadAllText(EveryKeyPath);
        var errors = SchemaErrors(yaml);
        Assert.True(errors.Count == 0, $"{EveryKeyFile} is not valid by {SchemaFile}:\n  {string.Join("\n  ", errors)}");
        var definition = ScenarioLoader.Load(EveryKeyPath);
        Assert.Equal(9, definition.Streams.Count);
    }

    [Fact]
    public void The_every_province_key_scenario_is_valid_by_the_schema_and_accepted_by_the_reader()
    {
        var errors = SchemaErrors(File.ReadAllText(EveryProvinceKeyPath));
        Assert.True(errors.Count == 0, $"{EveryProvinceKeyFile} is not valid by {SchemaFile}:\n  {string.Join("\n  ", errors)}");
        Assert.Equal(2, ScenarioLoader.Load(EveryProvinceKeyPath).Cities!.Count);
    }

    [Fact]
    public void The_schema_refuses_sizes_beside_cities_as_the_reader_does()
    {
        var yaml = ScenarioYaml.Minimal + "\ntopology: { cameras: 100, cities: [ { name: a, platforms: 1, points: 1, cameras: 1 } ] }\n";
        Assert.NotEmpty(SchemaErrors(yaml));
        Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml, "t.yaml"));
    }

    [Fact]
    public void Every_key_the_reader_accepts_is_declared_in_the_schema()
    {
        var files = new[] { EveryKeyPath, EveryProvinceKeyPath }.Concat(ShippedScenarioFiles().Select(f => Path.Combine(RepoPaths.Root(), f)));
        var missing = Missing(Declared.Value, files.Select(f => (f, File.ReadAllText(f))));
        Assert.True(missing.Count == 0, $"{missing.Count} key(s) missing from the schema:\n  {string.Join("\n  ", missing)}");
    }

    /// <summary>For each key the reader accepts while reading <paramref name="documents"/> that the schema does not
    /// declare at the same place: what it is and where to add it.</summary>
    private static SortedSet<string> Missing(SchemaKeys declared, IEnumerable<(string File, string Yaml)> documents)
    {
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (file, yaml) in documents)
        {
            foreach (var (place, keys) in ScenarioKeyLists.Read(yaml, file))
            {
                foreach (var key in keys.Where(k => !declared.Declares(place, k)))
                {
                    var where = declared.Pointers.TryGetValue(place, out var pointer)
                        ? $"add it to {SchemaFile} under \"{pointer}/properties\""
                        : $"{SchemaFile} has nothing at '{place}' yet: declare that place first";
                    missing.Add($"'{(place.Length == 0 ? key : $"{place}.{key}")}': the scenario reader accepts key '{key}' at " +
                                $"'{(place.Length == 0 ? "(top level)" : place)}', which the schema does not declare; {where} " +
                                $"(with a description), and use it in {EveryKeyFile}");
                }
            }
        }
        return missing;
    }

    [Fact]
    public void Every_key_the_schema_declares_is_used_by_the_every_key_scenario()
    {
        // Only what a document uses is looked at by the reader, so this is what lets the test above see every key list.
        var used = SchemaKeys.Used(YamlJson.Convert(File.ReadAllText(EveryKeyPath)));
        used.UnionWith(SchemaKeys.Used(YamlJson.Convert(File.ReadAllText(EveryProvinceKeyPath))));
        var declared = Declared.Value.DeclaredAt;
        // A definition used at several places (each intake channel's process) counts as used when any of them uses it.
        var usedPointers = used.Where(declared.ContainsKey).SelectMany(pk => declared[pk]).ToHashSet(StringComparer.Ordinal);
        var unused = declared.SelectMany(d => d.Value.Select(pointer => (Pointer: pointer, d.Key.Place, d.Key.Key)))
            .Where(d => !usedPointers.Contains(d.Pointer))
            .GroupBy(d => d.Pointer).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{(g.First().Place.Length == 0 ? g.First().Key : $"{g.First().Place}.{g.First().Key}")} (declared at \"{g.Key}\")").ToList();
        Assert.True(unused.Count == 0,
            $"{SchemaFile} declares key(s) that {EveryKeyFile} does not use; use each there (with a value the reader accepts):\n  {string.Join("\n  ", unused)}");
    }

    [Fact]
    public void The_key_check_names_a_key_the_schema_lacks_and_where_to_add_it()
    {
        // As when a stream gains a key (a 'timeout', say) and the schema does not: here a schema without max_in_flight.
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root(), SchemaFile)))!;
        schema["$defs"]!["stream"]!["properties"]!.AsObject().Remove("max_in_flight");
        var missing = Missing(new SchemaKeys(schema), [(EveryKeyPath, File.ReadAllText(EveryKeyPath))]);
        Assert.Equal(
            $"'scenarios[].max_in_flight': the scenario reader accepts key 'max_in_flight' at 'scenarios[]', which the schema does not " +
            $"declare; add it to {SchemaFile} under \"/$defs/stream/properties\" (with a description), and use it in {EveryKeyFile}",
            Assert.Single(missing));
    }

    [Fact]
    public void The_reader_key_lists_are_read_from_the_reader_itself_path_by_path()
    {
        var lists = ScenarioKeyLists.Read(ScenarioYaml.Minimal, "minimal.yaml");
        Assert.Equal(["", "scenarios[]", "scenarios[].load[]", "scenarios[].load[].periodic"], lists.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["during", "every", "per"], lists["scenarios[].load[].periodic"]);
        Assert.Contains("max_in_flight", lists["scenarios[]"]);
    }

    private const string Base = """
        name: agree
        duration: 10s
        topology: { platforms: 3, points: 12, cameras: 30 }
        scenarios:
          - name: s
            operation: keepalive
            load:
              - inject: { rate: 5, interval: 1s }
        """;

    /// <summary>Representative documents on which the schema and the reader must agree, valid and not. Cross-field rules
    /// (warm_up shorter than duration, points at least platforms, …) are the reader's alone: docs/scenario-schema.md.</summary>
    public static TheoryData<string, string, string, bool> Cases() => new()
    {
        { "the base", "", "", true },
        { "a queue target with every option", "operation: keepalive", "operation: { target: queue, workers: 2, service_time: { distribution: lognormal, mean: 5ms, cv: 0.5 } }", true },
        { "a threshold that aborts", "duration: 10s", "duration: 10s\nthresholds: [ { expr: \"s.p99 < 1s\", abort: true } ]", true },
        { "a fractional duration", "duration: 10s", "duration: 1.5h", true },
        { "an alarm composite with a mix", "operation: keepalive", "operation: { kind: alarm, mix: { video_loss: 1 }, then: alarm_query }", true },
        { "a misspelt key", "topology:", "topolgy:", false },
        { "an unknown key in a step", "interval: 1s", "interval: 1s, burst: 2", false },
        { "a malformed duration", "duration: 10s", "duration: 10x", false },
        { "a zero duration where it must be positive", "duration: 10s", "duration: 0s", false },
        { "a bare number for a duration", "duration: 10s", "duration: 10", false },
        { "an unknown population", "interval: 1s", "interval: 1s, per: cameras", false },
        { "a negative count", "cameras: 30", "cameras: -5", false },
        { "a quoted number", "duration: 10s", "duration: 10s\nseed: \"42\"", false },
        { "two kinds in one step", "- inject: { rate: 5, interval: 1s }", "- { inject: { rate: 5, interval: 1s }, pause: { during: 1s } }", false },
        { "a mix on a kind other than alarm", "operation: keepalive", "operation: { kind: keepalive, mix: { video_loss: 1 } }", false },
        { "a step after a kind nothing can follow", "operation: keepalive", "operation: { kind: keepalive, then: alarm_query }", false },
        { "a store of an unknown kind", "duration: 10s", "duration: 10s\nstore: mysql://db", false },
        { "a name with capitals", "name: agree", "name: Agree", false },
        { "a percentile of 100", "duration: 10s", "duration: 10s\npercentiles: [100]", false },
        { "a fault killing the coordinator", "duration: 10s", "duration: 10s\nfaults: [ { at: 1s, kill_node: 1 } ]", false },
        { "a fault with two actions", "duration: 10s", "duration: 10s\nfaults: [ { at: 1s, kill_node: 2, store_unavailable: 1s } ]", false },
        { "a platform restart without its platform", "duration: 10s", "duration: 10s\nfaults: [ { at: 1s, restart: { target: platform } } ]", false },
        { "a partition without its length", "duration: 10s", "duration: 10s\nfaults: [ { at: 1s, partition: [1, 2] } ]", false },
        { "an office hour without its leading zero", "duration: 10s", "duration: 10s\noffice_hours: { start: \"8:30\" }", false },
        { "an intake channel with two processes", "duration: 10s", "duration: 10s\nsupervision: { intake: { petition: { poisson: 1, batch: { every: 1d, mean: 1 } } } }", false },
        { "an H.265 saving of 100 %", "duration: 10s", "duration: 10s\nvideo: { h265_saving: 1 }", false },
        { "an unknown video format", "duration: 10s", "duration: 10s\nvideo: { mix: { 8k_h266: 1 } }", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_schema_and_the_reader_agree_on_representative_documents(string what, string find, string replace, bool valid)
    {
        var yaml = find.Length == 0 ? Base : Base.Replace(find, replace, StringComparison.Ordinal);
        Assert.True(find.Length == 0 || yaml != Base, $"{what}: '{find}' is not in the base document");
        var schemaErrors = SchemaErrors(yaml);
        IReadOnlyList<ScenarioError> readerErrors = [];
        try { ScenarioLoader.Parse(yaml, "agree.yaml"); }
        catch (ScenarioException e) { readerErrors = e.Errors; }

        Assert.True(valid == (schemaErrors.Count == 0), $"{what}: the schema {(valid ? "refuses" : "accepts")} it{(valid ? ":\n  " + string.Join("\n  ", schemaErrors) : "")}");
        Assert.True(valid == (readerErrors.Count == 0), $"{what}: the reader {(valid ? "refuses" : "accepts")} it{(valid ? ":\n  " + string.Join("\n  ", readerErrors) : "")}");
    }
}
