using System.Globalization;

namespace MonitorSim.Harness.Isolation;

/// <summary>
/// One CPU-capped cgroup: processes (or, on v1, single threads) moved into it share its quota. Disposing moves them back
/// to the root group and removes the group, so a size run leaves nothing behind however it ends.
/// </summary>
public sealed class CpuGroup : IDisposable
{
    private readonly string _root;
    private readonly bool _v2;
    private readonly ICgroupFiles _files;
    private bool _removed;

    internal CpuGroup(string path, string root, double cores, bool v2, ICgroupFiles files)
    {
        Path = path;
        Cores = cores;
        _root = root;
        _v2 = v2;
        _files = files;
    }

    public string Path { get; }

    /// <summary>The cap: quota / period, in cores.</summary>
    public double Cores { get; }

    /// <summary>Moves the whole process <paramref name="pid"/> (every thread of it) into the group.</summary>
    public void AddProcess(int pid) => _files.Write(System.IO.Path.Combine(Path, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));

    /// <summary>Whether the process <paramref name="pid"/> (a thread of it, on v1) is in the group now: listed in its
    /// <c>cgroup.procs</c>. A process that exited is in no group.</summary>
    public bool HoldsProcess(int pid) =>
        _files.ReadLines(System.IO.Path.Combine(Path, "cgroup.procs")).Contains(pid.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal);

    /// <summary>Moves one thread (its kernel id) into the group: cgroup v1 only, where <c>tasks</c> takes threads one by one.</summary>
    public bool TryAddThread(int tid)
    {
        if (_v2) return false;
        _files.Write(System.IO.Path.Combine(Path, "tasks"), tid.ToString(CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>CPU seconds the group's tasks used since it was made (v1 cpuacct is a separate controller, so this reads
    /// the cpu controller's own cpu.stat: v2 usage_usec; null on v1, where the caller reads /proc).</summary>
    public double? UsageSeconds()
    {
        if (!_v2) return null;
        foreach (var line in _files.ReadLines(System.IO.Path.Combine(Path, "cpu.stat")))
        {
            var parts = line.Split(' ');
            if (parts is ["usage_usec", var v]) return long.Parse(v, CultureInfo.InvariantCulture) / 1e6;
        }
        return null;
    }

    /// <summary>
    /// Moves every task still in the group back to the root group and removes the group; says what it did, or what it
    /// could not undo (a failure's message carries it). A task that exited meanwhile needs no move. Removing twice is a
    /// no-op.
    /// </summary>
    internal string Remove()
    {
        if (_removed) return $"the group {Path} was removed";
        var procs = System.IO.Path.Combine(Path, _v2 ? "cgroup.procs" : "tasks");
        var stuck = new List<string>();
        try
        {
            foreach (var id in _files.ReadLines(procs).Where(l => l.Length > 0))
            {
                try
                {
                    _files.Write(System.IO.Path.Combine(_root, _v2 ? "cgroup.procs" : "tasks"), id);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // A task that exited meanwhile has left the group by itself; one still there is named below.
                    stuck.Add($"{id} ({e.Message})");
                }
            }
            _files.DeleteDirectory(Path);
            _removed = true;
            return $"the group {Path} was removed";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"the group {Path} could NOT be removed ({e.Message})" +
                   (stuck.Count > 0 ? $"; task(s) not moved back to {_root}: {string.Join(", ", stuck)}" : "") + "; remove it by hand (rmdir) once its tasks have exited";
        }
    }

    /// <summary>Lifts the cap (<see cref="Remove"/>). A group that cannot be removed now (a task still exiting) is empty and
    /// harmless, and disposal does not throw; callers that must know ask <see cref="Remove"/>.</summary>
    public void Dispose() => Remove();
}
