namespace MonitorSim.Load.Measurement;

/// <summary>What Linux's <c>/proc/thread-self</c> says of the calling thread: its kernel id (the id cgroups and
/// <c>setpriority(2)</c> take) and the fields of its <c>stat</c> line (CPU time, nice value).</summary>
internal static class CallingThread
{
    /// <summary>The calling thread's kernel id, as text: /proc/thread-self links to /proc/PID/task/TID.</summary>
    /// <exception cref="IOException">/proc/thread-self is missing or not a link (not Linux).</exception>
    public static string KernelId() =>
        Path.GetFileName(new DirectoryInfo("/proc/thread-self").LinkTarget ?? throw new IOException("/proc/thread-self is not a link"));

    /// <summary>The fields of the calling thread's <c>stat</c> line after its name: field 3 (state) is element 0, so field
    /// N is element N − 3. The name (field 2) is in parentheses and may hold spaces, so the fields are counted after the
    /// last ')'.</summary>
    public static string[] StatFields()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }
}
