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
    /// <summary>
    /// The CFS period a group uses unless its quota would fall under the kernel's 1 ms minimum: 10 ms, not the kernel's
    /// default 100 ms. A group that spends its quota early in a period waits for the next one, up to (1 − cores) × period:
    /// 60 ms at 0.4 cores with 100 ms, which put the baseline's p99 at 50–80 ms at every load and made a fractional core
    /// an on/off one that no node of whole cores resembles. Measured (2026-12-03, one node of the baseline under 0.4 cores
    /// from its start, load factor 8 and 64): keepalive p99 42 → 19 ms and 81 → 32 ms with the 10 ms period, the same work.
    /// </summary>
    public const int PeriodUs = 10_000;

    /// <summary>The kernel's smallest CFS quota: 1 ms.</summary>
    public const int MinQuotaUs = 1_000;

    /// <summary>The period and quota for <paramref name="cores"/>: <see cref="PeriodUs"/>, or a longer period where the
    /// quota would be under <see cref="MinQuotaUs"/> (below 0.1 cores), so the cap is the one asked for.</summary>
    public static (long QuotaUs, long PeriodUs) QuotaFor(double cores)
    {
        if (!(double.IsFinite(cores) && cores > 0)) throw new ArgumentOutOfRangeException(nameof(cores), cores, "must be > 0");
        var period = Math.Max(PeriodUs, (long)Math.Ceiling(MinQuotaUs / cores));
        return ((long)Math.Round(cores * period), period);
    }

    /// <summary>The part of each CFS period, in ms, that a group capped at <paramref name="cores"/> spends throttled once
    /// it has used its quota (<see cref="QuotaFor"/>): P − Q, 6 ms at 0.4 cores; 0 for a quota of a whole period or more.</summary>
    public static double ThrottledMs(double cores)
    {
        var (quotaUs, periodUs) = QuotaFor(cores);
        return Math.Max(0, periodUs - quotaUs) / 1000.0;
    }

    private readonly ICgroupFiles _files;

    internal CpuCgroups(string root, bool v2, ICgroupFiles? files = null)
    {
        Root = root;
        IsV2 = v2;
        _files = files ?? CgroupFiles.Real;
    }

    /// <summary>The files the groups are driven by.</summary>
    internal ICgroupFiles Files => _files;

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

    /// <summary>The file the quota is written to, as the reports name it: <c>cpu.max</c> (v2) or <c>cpu.cfs_quota_us</c> (v1).</summary>
    public string QuotaFile => IsV2 ? "cpu.max" : "cpu.cfs_quota_us";

    /// <summary>Makes a group capped at <paramref name="cores"/> (e.g. 0.4: 4 ms of CPU per 10 ms, over all cores). A
    /// quota that cannot be written removes the group again: a failure leaves no uncapped group behind, and the
    /// <see cref="CgroupException"/> says which write failed and whether the removal did.</summary>
    public CpuGroup Create(string name, double cores)
    {
        if (!(double.IsFinite(cores) && cores > 0)) throw new ArgumentOutOfRangeException(nameof(cores), cores, "must be > 0");
        var path = Path.Combine(Root, name);
        try
        {
            _files.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CgroupException($"cannot make the CPU group {path}: {e.Message}", e);
        }
        var group = new CpuGroup(path, Root, cores, IsV2, _files);
        var (quotaUs, periodUs) = QuotaFor(cores);
        var writes = IsV2
            ? new[] { ("cpu.max", string.Create(CultureInfo.InvariantCulture, $"{quotaUs} {periodUs}")) }
            : [("cpu.cfs_period_us", periodUs.ToString(CultureInfo.InvariantCulture)), ("cpu.cfs_quota_us", quotaUs.ToString(CultureInfo.InvariantCulture))];
        foreach (var (file, value) in writes)
        {
            try
            {
                _files.Write(Path.Combine(path, file), value);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CgroupException($"cannot cap the CPU group {path} at {cores:0.###} cores: writing {value} to {file} failed ({e.Message}); " +
                                          group.Remove(), e);
            }
        }
        return group;
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
