using System.Globalization;
using MonitorSim.Harness.Session;

namespace MonitorSim.Harness.Isolation;

/// <summary>
/// The node processes of one session, each in a CPU group of its own capped at <see cref="Cores"/>
/// (<see cref="NodeIsolation.Cap(TreeSession)"/>); disposing lifts the caps. Only the processes running when the caps were
/// applied are capped: <see cref="Audit(TreeSession)"/> says at the end of the load where each node process is, so that a
/// node left uncapped (moved out of its group, or a worker process started after the caps) is named in the run's events
/// rather than measured as if it were capped. A worker killed by a fault is not restarted (its platforms restart on the
/// nodes left, which stay capped): its group is merely empty.
/// </summary>
public sealed class NodeCaps : IDisposable
{
    private readonly IReadOnlyList<Capped> _capped;
    private readonly GeneratorGroupKeeper? _keeper;
    private readonly Timer? _sweeps;

    internal NodeCaps(IReadOnlyList<Capped> capped, double cores, GeneratorGroupKeeper? keeper = null)
    {
        _capped = capped;
        Cores = cores;
        _keeper = keeper;
        if (keeper is not null) _sweeps = new Timer(_ => keeper.Sweep(), null, TimeSpan.Zero, GeneratorGroupKeeper.Every);
    }

    /// <summary>One node process and the group it was moved into.</summary>
    internal sealed record Capped(int Node, int ProcessId, CpuGroup Group);

    /// <summary>The quota of every node process, in cores.</summary>
    public double Cores { get; }

    /// <summary>The node processes capped, by node number (1 is this process) and process id.</summary>
    public IReadOnlyList<(int Node, int ProcessId)> Nodes => _capped.Select(c => (c.Node, c.ProcessId)).ToList();

    /// <summary>"node 1 (pid 4100), node 2 (pid 4188) capped at 0.4 cores each".</summary>
    public string Describe() => $"{string.Join(", ", _capped.Select(c => $"node {c.Node} (pid {c.ProcessId})"))} capped at {Show(Cores)} cores each";

    /// <summary>Where each node process of <paramref name="session"/> is at the end of its load: a line for the run's events
    /// naming the nodes still in their groups, one for each that is not (killed by a fault, out of its group, or a
    /// worker that was never capped), and one naming the threads moved out of the generator's group, if any were.</summary>
    public IReadOnlyList<string> Audit(TreeSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var workers = NodeIsolation.WorkersOf(session);
        return Audit(workers?.Workers ?? [], workers?.Exited.Select(e => e.Number).ToHashSet() ?? []);
    }

    /// <summary><see cref="Audit(TreeSession)"/> on the session's local workers now (<paramref name="workers"/>) and those
    /// that exited on their own (<paramref name="exited"/>, reported by the run apart).</summary>
    internal IReadOnlyList<string> Audit(IReadOnlyList<(int Number, int ProcessId, bool Killed)> workers, IReadOnlySet<int> exited)
    {
        var held = new List<string>();
        var lines = new List<string>();
        foreach (var c in _capped)
        {
            var name = $"node {c.Node} (pid {c.ProcessId})";
            if (workers.Any(w => w.ProcessId == c.ProcessId && w.Killed))
            {
                lines.Add($"{name}, capped at {Show(Cores)} cores, was killed by the scenario's fault; killed nodes are not restarted, so no uncapped " +
                          "process took its place (its platforms restart on the nodes left, which stay capped)");
                continue;
            }
            if (exited.Contains(c.Node)) continue;
            try
            {
                if (c.Group.HoldsProcess(c.ProcessId)) held.Add(name);
                else lines.Add($"{name} was NOT in its group {c.Group.Path} at the end of the load: something moved it out, and it ran uncapped for part of the run");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                lines.Add($"{name}: its group {c.Group.Path} could not be read ({e.Message}), so whether it stayed capped at {Show(Cores)} cores is not known");
            }
        }
        foreach (var (number, pid, _) in workers.Where(w => !w.Killed && !exited.Contains(w.Number) && _capped.All(c => c.ProcessId != w.ProcessId)))
            lines.Add($"node {number} (pid {pid}) started after the caps were applied and ran UNCAPPED: its CPU was not held to {Show(Cores)} cores");
        if (GeneratorSweepLine() is { } swept) lines.Add(swept);
        if (held.Count > 0)
            lines.Insert(0, $"CPU caps held to the end of the load: {string.Join(", ", held)}{(held.Count > 1 ? " each" : "")} still in a group of its own " +
                            $"capped at {Show(Cores)} cores");
        return lines;
    }

    /// <summary>The threads moved out of the generator's group so far, by name ("" when none, or without a generator group
    /// of its own).</summary>
    public string MovedFromGeneratorGroup() => _keeper?.Moved() ?? "";

    /// <summary>What the generator group's sweeps moved, as a run's events and a sizing run's notes word it; null when they
    /// moved nothing.</summary>
    public string? GeneratorSweepLine() => MovedFromGeneratorGroup() is { Length: > 0 } moved
        ? $"threads started from a load generator thread, moved from the generator's CPU group back to their node's within " +
          $"{GeneratorGroupKeeper.Every.TotalSeconds:0} s: {moved}"
        : null;

    /// <summary>Lifts the caps: every group removed, its processes moved back to the root group.</summary>
    public void Dispose()
    {
        // The sweeps stop before the groups go: one running now would move a thread into a group being removed.
        if (_sweeps is not null)
        {
            using var stopped = new ManualResetEvent(false);
            if (_sweeps.Dispose(stopped)) stopped.WaitOne(TimeSpan.FromSeconds(5));
        }
        foreach (var c in _capped) c.Group.Dispose();
    }

    private static string Show(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
