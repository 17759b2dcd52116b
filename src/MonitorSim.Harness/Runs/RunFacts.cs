using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MonitorSim.Harness.Runs;

/// <summary>Facts about where a run happened, recorded in every report so runs can be reproduced and compared.</summary>
public static class RunFacts
{
    public static string Commit()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", "describe --always --dirty --abbrev=12")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (git is null) return "unknown";
            var text = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit(5000);
            return git.ExitCode == 0 && text.Length > 0 ? text : "unknown";
        }
        catch (Exception) { return "unknown"; }
    }

    public static string Machine()
    {
        var cpu = "";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "";
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return $"{Environment.MachineName} ({(cpu.Length > 0 ? cpu + ", " : "")}{memory:0.#} GiB)";
    }

    public static string DotNet() => RuntimeInformation.FrameworkDescription;

    public static string Os() => RuntimeInformation.OSDescription;
}
