using System.IO.Compression;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;
using MonitorSim.Harness.Capacity;
using MonitorSim.Load.Replay;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Harness.Tests;

/// <summary><c>size --design-log</c>: an incident log read whole with the replay's reader, its busiest ten seconds the
/// candidate design load, named by the scenario's operations.</summary>
public sealed class DesignLogTests : IDisposable
{
    private const string City = """
        name: small
        topology: { platforms: 2, points: 4, cameras: 20, co_handling: { centres: 1, posts: 2 } }
        scenarios:
          - name: keepalive
            operation: keepalive
            load:
              - periodic: { every: 60s, per: camera }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("designlog-").FullName;
    private readonly CityTopology _topology;

    public DesignLogTests()
    {
        var scenario = ScenarioLoader.Parse(City, "small.yaml");
        _topology = TopologyBuilder.Build(scenario.Topology, scenario.Seed);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_busiest_ten_seconds_of_a_gzipped_log_are_its_design_rates_under_the_scenarios_names()
    {
        var path = Path.Combine(_dir, "storm.csv.gz");
        using (var gz = new StreamWriter(new GZipStream(File.Create(path), CompressionLevel.Fastest)))
        {
            gz.WriteLine("timestamp,source,event,alarm_type");
            // Ten alarms a minute for an hour, then all 20 cameras re-register in the same 4 s, in the log's own order.
            for (var s = 0; s < 3600; s += 6) gz.WriteLine($"2026-06-01T08:{s / 60:00}:{s % 60:00}+08:00,0/0/0,alarm,conflict");
            for (var c = 0; c < 20; c++) gz.WriteLine($"2026-06-01T09:00:0{c % 4}+08:00,{SourceMap.CameraCode(c)},registration,");
        }

        var peak = DesignLog.Read(path, _topology, new Dictionary<OperationKind, string> { [OperationKind.Registration] = "reregister" });

        Assert.Equal(600 + 20, peak.Events);
        Assert.Equal(DesignLog.WindowS, peak.WindowS);
        Assert.Equal(2.0, peak.RatesPerS["reregister"], 9); // 20 registrations over the 10 s window
        // The last alarm (08:59:54 local) and the 20 registrations share the earliest window that holds them all.
        Assert.Equal(new DateTime(2026, 6, 1, 0, 59, 54, DateTimeKind.Utc), peak.WindowStartUtc);
        Assert.Equal(0.1, peak.RatesPerS["alarm"], 9);
        Assert.Equal(21, peak.EventsInWindow);
    }

    [Fact]
    public void A_log_with_no_events_is_refused_naming_the_file()
    {
        var path = Path.Combine(_dir, "empty.csv");
        File.WriteAllText(path, "timestamp,source,event\n# nothing happened\n");

        var e = Assert.Throws<LogFormatException>(() => DesignLog.Read(path, _topology, new Dictionary<OperationKind, string>()));

        Assert.Equal($"{path}: the log has no events to take a design load from", e.Message);
    }

    [Fact]
    public void An_unknown_event_is_refused_naming_the_line_and_field()
    {
        var path = Path.Combine(_dir, "odd.jsonl");
        File.WriteAllText(path, """
            {"timestamp":"2026-06-01T08:00:00Z","source":"0/0/0","event":"keepalive"}
            {"timestamp":"2026-06-01T08:00:01Z","source":"0/0/0","event":"reboot"}

            """);

        var e = Assert.Throws<LogFormatException>(() => DesignLog.Read(path, _topology, new Dictionary<OperationKind, string>()));

        Assert.StartsWith($"{path}:2: event:", e.Message);
        Assert.Contains("unknown_event", e.Message);
    }
}
