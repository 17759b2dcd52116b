using MonitorSim.Load.Results;
using System.Runtime.InteropServices;

namespace MonitorSim.Harness.Runs;

/// <summary>Facts about where a run happened, recorded in every report so runs can be reproduced and compared.</summary>
public static class RunFacts
{
    /// <summary>The commit this build was made from (stamped at build, see <see cref="BuildInfo"/>): not the repository,
    /// if any, of the directory the command happens to run in.</summary>
    public static string Commit() => BuildInfo.Current.Commit;

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
