using System.Diagnostics;
using System.Globalization;
using MonitorSim.Harness.Isolation;

namespace MonitorSim.Harness.Tests;

/// <summary>CPU quotas through cgroups: a process that would spin a whole core is held to its quota. A measurement, so it
/// reads the process's own CPU time from /proc over at least 2 s of CPU (5 s of wall time at 0.4 cores), long enough that
/// the 10 ms CFS periods average out. Skipped where this host offers no writable cgroup cpu controller (not root).</summary>
public sealed class CpuQuotaTests
{
    [SkippableFact]
    public void A_busy_process_under_a_quota_of_0_4_cores_uses_at_most_0_43()
    {
        var (cgroups, problem) = CpuCgroups.Detect();
        Skip.If(cgroups is null, problem);

        using var group = cgroups!.Create($"monitorsim-test-{Environment.ProcessId}", 0.4);
        using var spinner = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "while :; do :; done"]))!;
        try
        {
            group.AddProcess(spinner.Id);
            var (cpu0, wall0) = (CpuSeconds(spinner.Id), Stopwatch.GetTimestamp());
            double cpu;
            do
            {
                Thread.Sleep(250);
                cpu = CpuSeconds(spinner.Id) - cpu0;
            } while (cpu < 2 && Stopwatch.GetElapsedTime(wall0) < TimeSpan.FromSeconds(60));
            var cores = cpu / Stopwatch.GetElapsedTime(wall0).TotalSeconds;

            Assert.True(cpu >= 2, $"the spinner got only {cpu:0.00} s of CPU in 60 s: the machine is too busy to measure");
            Assert.True(cores <= 0.43, $"under a 0.4-core quota the spinner used {cores:0.000} cores");
        }
        finally
        {
            spinner.Kill();
            spinner.WaitForExit();
        }
    }

    [Theory]
    [InlineData(0.4, 4_000, 10_000)]
    [InlineData(1.5, 15_000, 10_000)]
    [InlineData(0.1, 1_000, 10_000)]
    [InlineData(0.05, 1_000, 20_000)]
    public void A_quota_has_a_10_ms_period_unless_that_would_put_it_under_the_kernels_1_ms(double cores, long quotaUs, long periodUs)
    {
        var (quota, period) = CpuCgroups.QuotaFor(cores);

        Assert.Equal((quotaUs, periodUs), (quota, period));
        Assert.Equal(cores, quota / (double)period, 6);
    }

    [Theory]
    [InlineData(0.4, 6)]
    [InlineData(0.25, 7.5)]
    [InlineData(1, 0)]
    [InlineData(1.5, 0)]
    [InlineData(0.05, 19)]
    public void A_node_under_a_quota_is_throttled_for_the_rest_of_each_period_once_it_has_spent_it(double cores, double throttledMs)
    {
        Assert.Equal(throttledMs, CpuCgroups.ThrottledMs(cores), 9);
    }

    [Fact]
    public void A_host_without_a_cpu_controller_is_refused_with_the_reason()
    {
        var mounts = Path.GetTempFileName();
        try
        {
            File.WriteAllText(mounts, "proc /proc proc rw 0 0\ncgroup /sys/fs/cgroup/memory cgroup rw,memory 0 0\n");

            var (cgroups, problem) = CpuCgroups.Detect(mounts);

            Assert.Null(cgroups);
            Assert.Contains("no cgroup hierarchy with the cpu controller is mounted", problem);
        }
        finally
        {
            File.Delete(mounts);
        }
    }

    /// <summary>utime + stime of a process, fields 14 and 15 of /proc/PID/stat, in USER_HZ ticks (100 a second on Linux).</summary>
    private static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields after the command name start at field 3 (state): utime is field 14, stime 15.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}
