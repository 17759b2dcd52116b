namespace MonitorSim.Harness.Isolation;

/// <summary>
/// The few file operations cgroups are driven by: make a group (a directory), write a control file (a quota, a pid to
/// move), read one (the tasks in a group), remove a group. An interface so that a test can make any one of them fail,
/// which a real cgroup hierarchy does not do on demand; <see cref="CgroupFiles.Real"/> is the file system.
/// </summary>
internal interface ICgroupFiles
{
    void CreateDirectory(string path);

    void Write(string path, string text);

    IReadOnlyList<string> ReadLines(string path);

    /// <summary>Removes a group's directory. On cgroupfs its control files go with it (rmdir of a group with no tasks and
    /// no child groups), so it is never recursive.</summary>
    void DeleteDirectory(string path);
}

/// <summary>The file system's cgroup operations.</summary>
internal sealed class CgroupFiles : ICgroupFiles
{
    public static readonly ICgroupFiles Real = new CgroupFiles();

    public void CreateDirectory(string path) => Directory.CreateDirectory(path);

    public void Write(string path, string text) => File.WriteAllText(path, text);

    public IReadOnlyList<string> ReadLines(string path) => File.ReadAllLines(path);

    public void DeleteDirectory(string path) => Directory.Delete(path);
}

/// <summary>A cgroup operation that failed: what was being done, and what was undone or left behind.</summary>
public sealed class CgroupException(string message, Exception? inner = null) : Exception(message, inner);
