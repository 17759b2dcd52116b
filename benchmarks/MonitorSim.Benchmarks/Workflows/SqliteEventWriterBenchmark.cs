using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using MonitorSim.Cluster.Persistence;

namespace MonitorSim.Benchmarks.Workflows;

/// <summary>
/// The SQLite journal's writer alone: one write of <see cref="EventsPerWrite"/> platform-sized events (an alarm's
/// 60-byte payload, untagged, as a platform persists them), committed as one transaction; figures are per write (per
/// event: divide by the write's events). Under a node's CPU quota the writer is one thread that every persist of the node
/// waits for, so its cost per event bounds how many events a node can journal: a quota of 0.4 cores gives it at most
/// 0.4 s of CPU per second.
/// </summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "BenchmarkDotNet disposes it in GlobalCleanup.")]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class SqliteEventWriterBenchmark
{
    private const int Streams = 45; // the city's platforms, each a stream of its own
    private readonly byte[] _payload = new byte[60];
    private string _dir = "";
    private SqliteEventWriter _writer = null!;
    private readonly long[] _next = new long[Streams];
    private JournalEvent[] _batch = [];

    /// <summary>Events in one write (the journal batches a platform's persists while its previous write is in flight).</summary>
    [Params(1, 32, 512)]
    public int EventsPerWrite { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), $"monitorsim-writer-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_dir);
        var file = Path.Combine(_dir, "store.db");
        SqliteStore.Prepare(file);
        _writer = new SqliteEventWriter(StoreSettings.Sqlite(file).ConnectionString, Guid.NewGuid().ToString("N"));
        _batch = new JournalEvent[EventsPerWrite];
        Random.Shared.NextBytes(_payload);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _writer.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>One write of <see cref="EventsPerWrite"/> events journalled and committed.</summary>
    [Benchmark]
    public void WriteEvent()
    {
        for (var i = 0; i < _batch.Length; i++)
        {
            var stream = i % Streams;
            _batch[i] = new JournalEvent($"platform-{stream}", ++_next[stream], 638_000_000_000_000_000, _payload, "", 99, []);
        }
        _writer.WriteAsync(_batch).GetAwaiter().GetResult();
    }
}
