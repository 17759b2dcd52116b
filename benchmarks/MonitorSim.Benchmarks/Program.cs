using BenchmarkDotNet.Running;
using MonitorSim.Benchmarks.Allocation;

namespace MonitorSim.Benchmarks;

/// <summary>Entry point: picks benchmarks by <c>--filter</c> (or interactively) from this assembly; <c>alloc-profile</c>
/// runs <see cref="AllocationProfile"/> instead.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "alloc-profile") return await AllocationProfile.RunAsync(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
