using System.Globalization;

namespace MonitorSim.Harness.Isolation;

/// <summary>
/// Where this host lets a process cap another's CPU: Linux cgroups, v2 (<c>cpu.max</c> in a cgroup2 hierarchy whose
/// <c>cgroup.controllers</c> offers <c>cpu</c>) or v1 (<c>cpu.cfs_quota_us</c> / <c>cpu.cfs_period_us</c> in a hierarchy
/// mounted with the <c>cpu</c> controller). The kernel's CFS bandwidth control then lets a group's tasks run at most
/// quota µs per period µs across all cores: quota / period cores. Written by hand (a few file writes) because no .NET
/// library does this; container runtimes do the same writes.
/// </summary>
public sealed class CpuCgroups
{
    /// <summary>The CFS period every group uses: 100 ms, the kernel's default.</summary>
    public const int PeriodUs = 100_000;

    private CpuCgroups(string root, bool v2)
    {
        Root = root;
        IsV2 = v2;
    }

    /// <summary>The directory new groups are made in.</summary>
    public string Root { get; }

    public bool IsV2 { get; }

    public string Version => IsV2 ? "cgroup v2 (cpu.max)" : "cgroup v1 (cpu.cfs_quota_us)";

    /// <summary>The host's writable CPU controller, or null and why none can be used (for the exit-2 message).</summary>
    public static (CpuCgroups? Cgroups, string? Problem) Detect(string mounts = "/proc/self/mounts")
    {
        if (!OperatingSystem.IsLinux()) return (null, "CPU quotas need Linux cgroups; this host is not Linux");
        string[] lines;
        try
        {
            lines = File.ReadAllLines(mounts);
        }
        catch (IOException e)
        {
            return (null, $"cannot read {mounts}: {e.Message}");
        }
        var reasons = new List<string>();
        foreach (var fields in lines.Select(l => l.Split(' ')).Where(f => f.Length >= 4))
        {
            var (dir, type, options) = (fields[1], fields[2], fields[3].Split(','));
            if (type == "cgroup2")
            {
                var controllers = ReadOrEmpty(Path.Combine(dir, "cgroup.controllers"));
                if (!controllers.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("cpu"))
                {
                    reasons.Add($"the cgroup v2 hierarchy at {dir} offers no cpu controller (cgroup.controllers: '{controllers.Trim()}')");
                    continue;
                }
                if (Writable(dir, out var why)) return (new CpuCgroups(dir, v2: true), null);
                reasons.Add($"cgroup v2 at {dir}: {why}");
            }
            else if (type == "cgroup" && options.Contains("cpu"))
            {
                if (Writable(dir, out var why)) return (new CpuCgroups(dir, v2: false), null);
                reasons.Add($"cgroup v1 cpu at {dir}: {why}");
            }
        }
        if (reasons.Count == 0) reasons.Add("no cgroup hierarchy with the cpu controller is mounted (neither v2 cpu.max nor v1 cpu.cfs_quota_us)");
        return (null, string.Join("; ", reasons));
    }

    /// <summary>Makes a group capped at <paramref name="cores"/> (e.g. 0.4: 40 ms of CPU per 100 ms, over all cores).</summary>
    public CpuGroup Create(string name, double cores)
    {
        if (!(double.IsFinite(cores) && cores > 0)) throw new ArgumentOutOfRangeException(nameof(cores), cores, "must be > 0");
        var path = Path.Combine(Root, name);
        Directory.CreateDirectory(path);
        var quotaUs = Math.Max(1000, (long)Math.Round(cores * PeriodUs));
        if (IsV2)
        {
            File.WriteAllText(Path.Combine(path, "cpu.max"), string.Create(CultureInfo.InvariantCulture, $"{quotaUs} {PeriodUs}"));
        }
        else
        {
            File.WriteAllText(Path.Combine(path, "cpu.cfs_period_us"), PeriodUs.ToString(CultureInfo.InvariantCulture));
            File.WriteAllText(Path.Combine(path, "cpu.cfs_quota_us"), quotaUs.ToString(CultureInfo.InvariantCulture));
        }
        return new CpuGroup(path, Root, cores, IsV2);
    }

    private static bool Writable(string dir, out string? why)
    {
        var probe = Path.Combine(dir, $"monitorsim-probe-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(probe);
            Directory.Delete(probe);
            why = null;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            why = $"cannot make a group there ({e.Message}; it takes root, or a delegated subtree)";
            return false;
        }
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
    }
}
