using System.Globalization;
using MonitorSim.Load.Measurement;

namespace MonitorSim.Harness.Isolation;

/// <summary>
/// Keeps the load generator's CPU group to the generator threads. On cgroup v1 a new thread starts in the group of the
/// thread that made it, and a generator thread makes some without asking: the runtime's tiered-compilation worker is
/// started by whichever thread first has methods waiting to be recompiled, and a thread-pool worker by whichever thread
/// queues work while the pool is short of threads. Such a thread then does its node's work on the generator's quota.
/// Seen (2026-12-05, the acceptance command, every thread's group read from /proc every 15 s): the tiered-compilation
/// worker in the generator's group in 4 of 50 samples. Each <see cref="Sweep"/> moves every thread of the group that is
/// not a generator thread (named <see cref="GeneratorCgroup.ThreadName"/>) to its process's node group — the root group
/// for a process that is not capped — and counts what it moved, by thread name, for the run's events.
/// </summary>
internal sealed class GeneratorGroupKeeper
{
    private readonly ICgroupFiles _files;
    private readonly string _generatorTasks;
    private readonly string _rootTasks;
    private readonly Func<int, string?> _nodeGroupOf;
    private readonly Func<int, (string Name, int ProcessId)?> _threadOf;
    private readonly Dictionary<string, int> _moved = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <param name="files">The cgroup files.</param>
    /// <param name="generatorGroup">The generator's group (a v1 directory with a <c>tasks</c> file).</param>
    /// <param name="rootGroup">Where the threads of a process that is not capped go back to.</param>
    /// <param name="nodeGroupOf">A node process's group by its process id; null for a process that is not capped.</param>
    /// <param name="threadOf">A thread's name and process by its kernel id, null once it has exited (/proc by default).</param>
    public GeneratorGroupKeeper(ICgroupFiles files, string generatorGroup, string rootGroup, Func<int, string?> nodeGroupOf,
        Func<int, (string Name, int ProcessId)?>? threadOf = null)
    {
        _files = files;
        _generatorTasks = Path.Combine(generatorGroup, "tasks");
        _rootTasks = Path.Combine(rootGroup, "tasks");
        _nodeGroupOf = nodeGroupOf;
        _threadOf = threadOf ?? ProcThread;
    }

    /// <summary>How often a node process's run sweeps: a thread is on the generator's quota at most this long.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    /// <summary>Threads moved out so far, by name, most first ("" when none).</summary>
    public string Moved()
    {
        lock (_gate)
            return string.Join(", ", _moved.OrderByDescending(m => m.Value).ThenBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key} × {m.Value}"));
    }

    /// <summary>Moves every thread in the generator's group that is not a generator thread to its node's group; returns how
    /// many it moved. A thread that exits meanwhile needs no move; a group that cannot be read or written leaves the
    /// thread where it is until the next sweep.</summary>
    public int Sweep()
    {
        lock (_gate)
        {
            IReadOnlyList<string> tasks;
            try { tasks = _files.ReadLines(_generatorTasks); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return 0; }
            var moved = 0;
            foreach (var line in tasks)
            {
                if (!int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var tid)) continue;
                if (_threadOf(tid) is not { } thread || thread.Name == GeneratorCgroup.ThreadName) continue;
                var target = _nodeGroupOf(thread.ProcessId) is { } group ? Path.Combine(group, "tasks") : _rootTasks;
                try
                {
                    _files.Write(target, line);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    continue; // exited since it was listed (ESRCH), or the group is going: the next sweep sees
                }
                _moved[thread.Name] = _moved.GetValueOrDefault(thread.Name) + 1;
                moved++;
            }
            return moved;
        }
    }

    /// <summary>A thread's name (<c>/proc/TID/comm</c>, the first 15 bytes of it) and process (<c>Tgid</c> in
    /// <c>/proc/TID/status</c>); null once it has exited.</summary>
    private static (string Name, int ProcessId)? ProcThread(int tid)
    {
        try
        {
            var name = File.ReadAllText($"/proc/{tid}/comm").TrimEnd('\n');
            foreach (var line in File.ReadLines($"/proc/{tid}/status"))
            {
                if (line.StartsWith("Tgid:", StringComparison.Ordinal))
                    return (name, int.Parse(line.AsSpan("Tgid:".Length).Trim(), CultureInfo.InvariantCulture));
            }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
