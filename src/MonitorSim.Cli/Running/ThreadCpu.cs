using System.Globalization;

namespace MonitorSim.Cli.Running;

/// <summary>
/// CPU time of one thread of this process, found by its name, from Linux's /proc/self/task. The load generator runs on a
/// thread of its own ("load-generator"), so its CPU can be told apart from the tree's; elsewhere (no /proc) nothing is
/// found and the role split is not reported.
/// </summary>
public sealed class ThreadCpu
{
    // utime and stime count USER_HZ ticks, which the kernel's ABI fixes at 100 per second on every mainstream architecture.
    private const double TicksPerSecond = 100;

    private readonly string _statPath;

    private ThreadCpu(string statPath) => _statPath = statPath;

    /// <summary>The thread of this process named <paramref name="name"/> (Linux keeps the first 15 characters), or null.</summary>
    public static ThreadCpu? Find(string name)
    {
        const string tasks = "/proc/self/task";
        if (!Directory.Exists(tasks)) return null;
        var shortName = name.Length > 15 ? name[..15] : name;
        foreach (var dir in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "comm")).TrimEnd('\n') == shortName) return new ThreadCpu(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                // The thread ended while we looked.
            }
        }
        return null;
    }

    /// <summary>User + system CPU seconds of the thread so far; null once it has ended.</summary>
    public double? Seconds()
    {
        try
        {
            var stat = File.ReadAllText(_statPath);
            // The name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var user = long.Parse(fields[11], CultureInfo.InvariantCulture);
            var system = long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (user + system) / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
