namespace MonitorSim.Load.Measurement;

/// <summary>
/// Puts the calling load-generator thread into the CPU-capped cgroup a sizing run made for the generators
/// (<c>monitorsim size --node-cpus</c>), so that the load generator never takes the nodes' quota nor they its. The run
/// names the group's v1 <c>tasks</c> file in <see cref="Variable"/>; node processes it starts inherit the variable, so
/// every node's generator joins the same group. Unset (every other run): nothing happens.
/// </summary>
public static class GeneratorCgroup
{
    public const string Variable = "MONITORSIM_GENERATOR_TASKS";

    /// <summary>The generator thread's name, which the kernel shows as the thread's <c>comm</c>: the one name a thread in the
    /// generator's group may have (any other was started from a generator thread and is moved back to its node's group).</summary>
    public const string ThreadName = "load-generator";

    /// <summary>Moves the calling thread into the group, if one is named; the reason it could not, or null.</summary>
    public static string? JoinFromEnvironment()
    {
        var tasks = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(tasks)) return null;
        try
        {
            File.WriteAllText(tasks, CallingThread.KernelId());
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"the load generator could not join its CPU group ({tasks}): {e.Message}";
        }
    }
}
