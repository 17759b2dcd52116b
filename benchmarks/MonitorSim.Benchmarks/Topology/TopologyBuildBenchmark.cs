using BenchmarkDotNet.Attributes;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Benchmarks.Topology;

/// <summary>Cost of building the default Xuzhou tree (45 platforms, 3,108 points, 17,932 cameras) and of fingerprinting it.</summary>
[MemoryDiagnoser]
public class TopologyBuildBenchmark
{
    private CityTopology _built = null!;

    [GlobalSetup]
    public void Setup() => _built = TopologyBuilder.Build(TopologySpec.Xuzhou, 42);

    [Benchmark(Baseline = true)]
    public CityTopology BuildDefault() => TopologyBuilder.Build(TopologySpec.Xuzhou, 42);

    [Benchmark]
    public string FingerprintDefault() => TopologyBuilder.Fingerprint(_built);
}
