using MonitorSim.Harness.Isolation;

namespace MonitorSim.Harness.Tests;

/// <summary>
/// A cgroup hierarchy in memory, with cgroupfs's rules where the isolation code relies on them: a group is a directory
/// whose control files come and go with it; writing a pid to a group's <c>cgroup.procs</c> (or <c>tasks</c>) moves it
/// there from wherever it was; a group with tasks in it cannot be removed (EBUSY). <see cref="FailWhen"/> makes one
/// operation fail, as a real kernel would refuse it (ESRCH for a pid that exited, EINVAL for a quota, EACCES …).
/// </summary>
internal sealed class FakeCgroupFiles(string root) : ICgroupFiles
{
    private readonly Dictionary<string, Dictionary<string, string>> _groups = new(StringComparer.Ordinal) { [root] = [] };
    private readonly Dictionary<string, string> _taskIn = new(StringComparer.Ordinal);

    /// <summary>Fails the operation (<c>mkdir</c>, <c>write</c>, <c>read</c>, <c>rmdir</c>) on the path it is asked about
    /// when this returns true.</summary>
    public Func<string, string, bool> FailWhen { get; set; } = (_, _) => false;

    /// <summary>The groups that exist besides the root.</summary>
    public IReadOnlyList<string> Groups => _groups.Keys.Where(g => g != root).Order(StringComparer.Ordinal).ToList();

    /// <summary>The group a task is in (the root group for one never moved).</summary>
    public string GroupOf(int pid) => _taskIn.GetValueOrDefault(pid.ToString(System.Globalization.CultureInfo.InvariantCulture), root);

    public string? Control(string group, string file) => _groups.TryGetValue(group, out var files) ? files.GetValueOrDefault(file) : null;

    public void CreateDirectory(string path)
    {
        Check("mkdir", path);
        _groups.TryAdd(path, []);
    }

    public void Write(string path, string text)
    {
        Check("write", path);
        var (group, file) = (Path.GetDirectoryName(path)!, Path.GetFileName(path));
        if (!_groups.TryGetValue(group, out var files)) throw new DirectoryNotFoundException($"no such group {group}");
        if (file is "cgroup.procs" or "tasks") _taskIn[text] = group;
        else files[file] = text;
    }

    public IReadOnlyList<string> ReadLines(string path)
    {
        Check("read", path);
        var (group, file) = (Path.GetDirectoryName(path)!, Path.GetFileName(path));
        if (!_groups.TryGetValue(group, out var files)) throw new DirectoryNotFoundException($"no such group {group}");
        return file is "cgroup.procs" or "tasks"
            ? _taskIn.Where(t => t.Value == group).Select(t => t.Key).ToList()
            : files.TryGetValue(file, out var text) ? text.Split('\n') : throw new FileNotFoundException(path);
    }

    public void DeleteDirectory(string path)
    {
        Check("rmdir", path);
        if (!_groups.ContainsKey(path)) throw new DirectoryNotFoundException(path);
        if (_taskIn.ContainsValue(path)) throw new IOException("Device or resource busy");
        _groups.Remove(path);
    }

    private void Check(string operation, string path)
    {
        if (FailWhen(operation, path)) throw new IOException($"{operation} {path} refused (test)");
    }
}
