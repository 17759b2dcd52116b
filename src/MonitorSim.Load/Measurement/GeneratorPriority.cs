using System.Globalization;
using System.Runtime.InteropServices;

namespace MonitorSim.Load.Measurement;

/// <summary>
/// Lowers the calling load-generator thread's nice value so that, on a machine it shares with the system it measures,
/// it wakes on time rather than queue behind the tree's threads: the instrument must not be what is late. In production
/// the load comes from other machines; here the two share the cores, and a generator late by a CPU queue's wait is the
/// "generator lag" the reports show. <see cref="Thread.Priority"/> does nothing on Linux (the default scheduler ignores
/// static priorities), so the nice value is set by <c>setpriority(2)</c> on the thread's kernel id. Lowering a nice value
/// needs root or CAP_SYS_NICE; without it the thread keeps the process's, and the caller says so. The generator uses
/// little CPU (its own CPU time is in every report), so favouring it takes almost nothing from the tree.
/// </summary>
public static class GeneratorPriority
{
    /// <summary>The nice value asked for: ten steps above the default, a weight about nine times a default thread's.</summary>
    public const int Nice = -10;

    private const int PrioProcess = 0; // with a thread id, setpriority(2) sets that thread's nice value on Linux

    /// <summary>Sets the calling thread's nice value to <see cref="Nice"/>; the reason it could not, or null.</summary>
    public static string? RaiseCallingThread()
    {
        if (!OperatingSystem.IsLinux()) return "thread nice values are set on Linux only";
        try
        {
            var tid = int.Parse(CallingThread.KernelId(), CultureInfo.InvariantCulture);
            if (SetPriority(PrioProcess, tid, Nice) == 0) return null;
            return $"setpriority refused nice {Nice} (errno {Marshal.GetLastPInvokeError()}: needs root or CAP_SYS_NICE)";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or DllNotFoundException or EntryPointNotFoundException)
        {
            return e.Message;
        }
    }

    /// <summary>The calling thread's nice value as the kernel reports it (field 19 of <c>/proc/thread-self/stat</c>), or
    /// null where it cannot be read.</summary>
    public static int? NiceOfCallingThread()
    {
        try
        {
            return int.Parse(CallingThread.StatFields()[19 - 3], CultureInfo.InvariantCulture); // field 19: nice
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);
}
