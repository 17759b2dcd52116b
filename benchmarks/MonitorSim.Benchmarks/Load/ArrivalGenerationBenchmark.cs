using BenchmarkDotNet.Attributes;
using MathNet.Numerics.Random;
using MonitorSim.Load.Engine;

namespace MonitorSim.Benchmarks.Load;

/// <summary>
/// Cost per arrival of the schedules the generator thread walks: a constant <c>inject</c> (uniform and Poisson) and a
/// <c>periodic</c> keepalive schedule for the 17,932 cameras of the default city. Sequences are built once (with the
/// planner's generator) and made long enough never to end during a run, so each call is one arrival and nothing else.
/// </summary>
[MemoryDiagnoser]
public class ArrivalGenerationBenchmark
{
    private const int Cameras = 17_932;
    private const int Arrivals = 1000;
    private static readonly long Second = System.Diagnostics.Stopwatch.Frequency;
    private static readonly long Forever = long.MaxValue / 4;

    private InjectArrivals _uniform = null!;
    private InjectArrivals _poisson = null!;
    private PeriodicArrivals _periodic = null!;

    [GlobalSetup]
    public void Setup()
    {
        _uniform = new InjectArrivals(1000, 1000, 0, Forever, poisson: false, Rng(1), 0);
        _poisson = new InjectArrivals(1000, 1000, 0, Forever, poisson: true, Rng(2), 0);
        _periodic = new PeriodicArrivals(Cameras, 60 * Second, 0, Forever, Rng(3));
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Arrivals)]
    public long InjectUniform() => Drain(_uniform);

    [Benchmark(OperationsPerInvoke = Arrivals)]
    public long InjectPoisson() => Drain(_poisson);

    [Benchmark(OperationsPerInvoke = Arrivals)]
    public long PeriodicCameras() => Drain(_periodic);

    /// <summary>Building the camera schedule (phases drawn and sorted) plus its first full period, per arrival.</summary>
    [Benchmark(OperationsPerInvoke = Cameras)]
    public long PeriodicCamerasFirstPeriodIncludingBuild()
    {
        var sequence = new PeriodicArrivals(Cameras, 60 * Second, 0, 60 * Second, Rng(4));
        long sum = 0;
        while (sequence.Next(out var member) != ArrivalSequence.End) sum += member;
        return sum;
    }

    private static long Drain(ArrivalSequence sequence)
    {
        long sum = 0;
        for (var i = 0; i < Arrivals; i++) sum += sequence.Next(out var member) + member;
        return sum;
    }

    private static MersenneTwister Rng(int seed) => new(seed, threadSafe: false);
}
