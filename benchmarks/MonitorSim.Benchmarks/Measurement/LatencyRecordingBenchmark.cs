using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using MonitorSim.Load.Measurement;

namespace MonitorSim.Benchmarks.Measurement;

/// <summary>
/// What the load engine pays on the outcome path of every operation: one HdrHistogram sample (wait-free recorder,
/// measured series) and the completion counters. Both run on the system's threads for each answer, so both must be
/// cheap and allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class LatencyRecordingBenchmark
{
    private const int Samples = 4096; // a power of two: the index wraps with a mask

    private readonly LatencyRecorder _recorder = new();
    private readonly OperationMetrics _metrics = new("alarm");
    private readonly long[] _ticks = new long[Samples];
    private int _i;

    [GlobalSetup]
    public void Setup()
    {
        // Latencies spread like a real run's (lognormal-ish, ~50 µs to ~1 s) so every histogram bucket range is touched.
        var rng = new Random(42);
        for (var i = 0; i < Samples; i++)
        {
            var us = Math.Exp(rng.NextDouble() * Math.Log(20_000)) * 50;
            _ticks[i] = (long)(us * Stopwatch.Frequency / 1_000_000);
        }
    }

    [Benchmark(Baseline = true)]
    public void Record() => _recorder.Record(_ticks[_i++ & (Samples - 1)], warmUp: false);

    [Benchmark]
    public void RecordDuringWarmUp() => _recorder.Record(_ticks[_i++ & (Samples - 1)], warmUp: true);

    [Benchmark]
    public void Completed() => _metrics.Completed(ok: true, warmUp: false);

    /// <summary>Everything the engine does for one successful operation: counters plus response and service samples.</summary>
    [Benchmark]
    public void CompletedWithBothSeries()
    {
        var t = _ticks[_i++ & (Samples - 1)];
        _metrics.Completed(ok: true, warmUp: false);
        _metrics.Response.Record(t, warmUp: false);
        _metrics.Service.Record(t - (t >> 3), warmUp: false);
    }
}
