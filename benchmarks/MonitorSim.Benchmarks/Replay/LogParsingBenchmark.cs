using BenchmarkDotNet.Attributes;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Replay;

namespace MonitorSim.Benchmarks.Replay;

/// <summary>
/// Incident log parsing speed: 200,000 lines of the default city (keepalives, alarms, service flow, as the generator
/// writes them) read, validated and resolved against the topology, from a CSV file, the same gzip-compressed, and the
/// same as JSON Lines. One operation is one line, so the mean is the time per line (lines/s = 10⁹ / ns). The file is in
/// the page cache after the first iteration: this is the parser, not the disk. Timed in the benchmark thread's CPU time
/// (<see cref="ThreadCpuTimeConfig"/>), which the machine's other work does not inflate. <see cref="CsvSylvan"/> is the
/// same CSV through Sylvan.Data.Csv, measured against the reader's own parser (docs/replay.md).
/// </summary>
[Config(typeof(ThreadCpuTimeConfig))]
[MemoryDiagnoser]
[MedianColumn]
public class LogParsingBenchmark
{
    private const int Lines = 200_000;
    private CityTopology _topology = null!;
    private SourceMap _sources = null!;
    private string _csv = null!, _gz = null!, _jsonl = null!;

    [GlobalSetup]
    public void Setup()
    {
        _topology = TopologyBuilder.Build(TopologySpec.Xuzhou, 42);
        _sources = new SourceMap(_topology);
        var dir = Directory.CreateTempSubdirectory("monitorsim-bench-").FullName;
        _csv = Path.Combine(dir, "log.csv");
        _gz = Path.Combine(dir, "log.csv.gz");
        _jsonl = Path.Combine(dir, "log.jsonl");
        var t0 = new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.FromHours(8)).UtcTicks;
        var rng = new Random(42);
        using (var csv = new IncidentLogWriter(_csv))
        using (var gz = new IncidentLogWriter(_gz))
        using (var json = new StreamWriter(_jsonl))
        {
            for (var i = 0; i < Lines; i++)
            {
                var t = t0 + i * 33_000L;
                var (kind, subject, detail) = (i % 20) switch
                {
                    0 => (OperationKind.Alarm, rng.Next(_topology.CameraCount), rng.Next(7)),
                    1 => (OperationKind.ServiceFlow, rng.Next(_topology.Points.Count), rng.Next(4)),
                    _ => (OperationKind.Keepalive, rng.Next(_topology.CameraCount), -1),
                };
                csv.Write(t, 480, kind, subject, detail);
                gz.Write(t, 480, kind, subject, detail);
                var source = kind == OperationKind.ServiceFlow ? SourceMap.PointCode(subject) : SourceMap.CameraCode(subject);
                var stamp = new DateTimeOffset(t + 480 * TimeSpan.TicksPerMinute, TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:ss.fffffffzzz", System.Globalization.CultureInfo.InvariantCulture);
                var extra = kind switch
                {
                    OperationKind.Alarm => $",\"alarm_type\":\"{LogEvents.AlarmName(detail)}\"",
                    OperationKind.ServiceFlow => $",\"step\":\"{LogEvents.StepNames[detail]}\"",
                    _ => "",
                };
                json.WriteLine($"{{\"timestamp\":\"{stamp}\",\"source\":\"{source}\",\"event\":\"{MonitorSim.Load.Engine.OperationNames.Of(kind)}\"{extra}}}");
            }
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Lines)]
    public long Csv() => Drain(_csv);

    [Benchmark(OperationsPerInvoke = Lines)]
    public long CsvGzip() => Drain(_gz);

    [Benchmark(OperationsPerInvoke = Lines)]
    public long JsonLines() => Drain(_jsonl);

    /// <summary>The CSV through Sylvan.Data.Csv (<see cref="SylvanCsvLogReader"/>): the library measured against the reader.</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public long CsvSylvan()
    {
        using var reader = new SylvanCsvLogReader(_csv, _sources, TimeSpan.FromSeconds(1));
        long valid = 0;
        while (reader.Read(out var r)) if (r.IsValid) valid++;
        if (valid != Lines) throw new InvalidOperationException($"{valid} of {Lines} lines valid");
        return valid;
    }

    private long Drain(string path)
    {
        using var reader = new IncidentLogReader(path, _sources, TimeSpan.FromSeconds(1));
        long valid = 0;
        while (reader.Read(out var r)) if (r.IsValid) valid++;
        if (valid != Lines) throw new InvalidOperationException($"{valid} of {Lines} lines valid");
        return valid;
    }
}
