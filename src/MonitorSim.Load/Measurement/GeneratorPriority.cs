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
            // /proc/thread-self links to /proc/PID/task/TID: the kernel's id of this thread.
            var target = new DirectoryInfo("/proc/thread-self").LinkTarget ?? throw new IOException("/proc/thread-self is not a link");
            var tid = int.Parse(Path.GetFileName(target), CultureInfo.InvariantCulture);
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
            var stat = File.ReadAllText("/proc/thread-self/stat");
            // The name (field 2) is in parentheses and may hold spaces: count fields after the last ')'. Field 19 (nice) is
            // the 17th after it.
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);
}
