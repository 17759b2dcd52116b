using System.Globalization;

namespace MonitorSim.Harness.Isolation;

/// <summary>
/// One CPU-capped cgroup: processes (or, on v1, single threads) moved into it share its quota. Disposing moves them back
/// to the root group and removes the group, so a size run leaves nothing behind however it ends.
/// </summary>
public sealed class CpuGroup(string path, string root, double cores, bool v2) : IDisposable
{
    public string Path { get; } = path;

    /// <summary>The cap: quota / period, in cores.</summary>
    public double Cores { get; } = cores;

    /// <summary>Moves the whole process <paramref name="pid"/> (every thread of it) into the group.</summary>
    public void AddProcess(int pid) => File.WriteAllText(System.IO.Path.Combine(Path, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));

    /// <summary>Moves one thread (its kernel id) into the group: cgroup v1 only, where <c>tasks</c> takes threads one by one.</summary>
    public bool TryAddThread(int tid)
    {
        if (v2) return false;
        File.WriteAllText(System.IO.Path.Combine(Path, "tasks"), tid.ToString(CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>CPU seconds the group's tasks used since it was made (v1 cpuacct is a separate controller, so this reads
    /// the cpu controller's own cpu.stat: v2 usage_usec; null on v1, where the caller reads /proc).</summary>
    public double? UsageSeconds()
    {
        if (!v2) return null;
        foreach (var line in File.ReadLines(System.IO.Path.Combine(Path, "cpu.stat")))
        {
            var parts = line.Split(' ');
            if (parts is ["usage_usec", var v]) return long.Parse(v, CultureInfo.InvariantCulture) / 1e6;
        }
        return null;
    }

    public void Dispose()
    {
        try
        {
            var procs = System.IO.Path.Combine(Path, v2 ? "cgroup.procs" : "tasks");
            foreach (var id in File.ReadAllLines(procs).Where(l => l.Length > 0))
            {
                try
                {
                    File.WriteAllText(System.IO.Path.Combine(root, v2 ? "cgroup.procs" : "tasks"), id);
                }
                catch (IOException)
                {
                    // Exited meanwhile.
                }
            }
            Directory.Delete(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A group that cannot be removed now (a task still exiting) is empty and harmless; the kernel keeps it.
        }
    }
}
