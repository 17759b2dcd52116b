using System.Runtime.InteropServices;
using Perfolizer.Horology;

namespace MonitorSim.Benchmarks.Replay;

/// <summary>
/// The benchmark thread's CPU time (Linux <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>, user and kernel, in ns) as
/// BenchmarkDotNet's clock. On this shared 2-core machine (load average 40–60 while other builds run) wall-clock medians
/// of the same code varied three- to five-fold between runs minutes apart; a single-threaded parser's CPU time does not
/// count the time other processes hold the core, so two readers measured in turn compare fairly. Needs the benchmark
/// to run in-process (the clock is read on the thread that runs it).
/// </summary>
public sealed class ThreadCpuClock : IClock
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clockId, out TimeSpec time);

    public string Title => "ThreadCpu";

    public bool IsAvailable => OperatingSystem.IsLinux();

    public Frequency Frequency => new(1e9);

    public long GetTimestamp()
    {
        if (ClockGetTime(ClockThreadCpuTimeId, out var t) != 0) throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        return t.Seconds * 1_000_000_000 + t.Nanoseconds;
    }
}
