using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace MonitorSim.Benchmarks.Replay;

/// <summary>One in-process job timed by <see cref="ThreadCpuClock"/> (CPU time of the benchmark thread, not wall time):
/// 3 warm-up and 15 measured iterations of about 250 ms of CPU each, so a run takes minutes even while the machine's two
/// cores are shared by dozens of busy processes.</summary>
public sealed class ThreadCpuTimeConfig : ManualConfig
{
    public ThreadCpuTimeConfig() =>
        AddJob(Job.Default.WithClock(new ThreadCpuClock()).WithToolchain(InProcessEmitToolchain.Instance)
            .WithIterationTime(TimeInterval.FromMilliseconds(250)).WithWarmupCount(3).WithIterationCount(15).WithId("ThreadCpu"));
}
