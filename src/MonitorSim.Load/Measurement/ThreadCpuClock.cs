using System.Globalization;

namespace MonitorSim.Load.Measurement;

/// <summary>
/// CPU time of the calling thread, from Linux's <c>/proc/thread-self/stat</c>. The load generator reads its own, so the
/// CPU a test rig spends generating load can be told apart from what the system under test spends, on every node of a run.
/// Elsewhere (no /proc) it reads nothing and the split is not reported.
/// </summary>
public static class ThreadCpuClock
{
    // utime and stime count USER_HZ ticks, which the kernel's ABI fixes at 100 per second on every mainstream architecture.
    private const double TicksPerSecond = 100;

    /// <summary>User + system CPU seconds the calling thread has used so far; null where the system does not say.</summary>
    public static double? Now()
    {
        try
        {
            var fields = CallingThread.StatFields();
            var user = long.Parse(fields[11], CultureInfo.InvariantCulture);
            var system = long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (user + system) / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException
                                      or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
