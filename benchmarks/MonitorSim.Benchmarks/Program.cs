using BenchmarkDotNet.Running;

namespace MonitorSim.Benchmarks;

/// <summary>Entry point: picks benchmarks by <c>--filter</c> (or interactively) from this assembly.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
