using System.Diagnostics;

namespace MonitorSim.Harness.Nodes;

/// <summary>
/// Ends a node process that a coordinator started when the coordinator is gone — also when it was killed outright and
/// could not clean up. Two signals, either enough: the coordinator holds the write end of the node's stdin, which the
/// operating system closes when the coordinator dies (end of input here), and the coordinator's process id stops
/// existing (checked twice a second).
/// </summary>
public static class ParentWatch
{
    /// <summary>Completes when the parent <paramref name="parentPid"/> is gone or stdin reaches its end.</summary>
    public static Task WhenGoneAsync(int? parentPid, bool watchStdin, CancellationToken ct)
    {
        var tasks = new List<Task>();
        if (watchStdin)
            tasks.Add(Task.Run(async () =>
            {
                using var stdin = Console.OpenStandardInput();
                var buffer = new byte[64];
                while (!ct.IsCancellationRequested && await stdin.ReadAsync(buffer, ct) > 0) { }
            }, ct));
        if (parentPid is { } pid)
            tasks.Add(Task.Run(async () =>
            {
                while (!ct.IsCancellationRequested && IsAlive(pid)) await Task.Delay(500, ct);
            }, ct));
        return tasks.Count == 0 ? Task.Delay(Timeout.Infinite, ct) : Task.WhenAny(tasks);
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
