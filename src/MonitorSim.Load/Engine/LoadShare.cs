namespace MonitorSim.Load.Engine;

/// <summary>
/// Which part of the workload one node's load generator drives in a multi-node run. Every generator compiles the same
/// plan from the same seed and walks every arrival of it, but issues only those whose subject (camera or point) belongs
/// to a platform it owns, so the nodes together offer exactly the operations one node would. Streams that cannot be
/// split that way (self-test targets, closed-model copies) run on the coordinator alone.
/// </summary>
public sealed class LoadShare
{
    private readonly bool[] _owned;

    private LoadShare(int platforms, IEnumerable<int> owned, bool coordinator)
    {
        _owned = new bool[platforms];
        foreach (var p in owned) _owned[p] = true;
        RunsCoordinatorStreams = coordinator;
    }

    /// <summary>The coordinator's share: the platforms it owns, and the streams only it runs.</summary>
    public static LoadShare Coordinator(int platforms, IEnumerable<int> owned) => new(platforms, owned, true);

    /// <summary>A worker's share: the platforms it owns.</summary>
    public static LoadShare Worker(int platforms, IEnumerable<int> owned) => new(platforms, owned, false);

    /// <summary>Whether this generator also runs the streams that are not split between nodes.</summary>
    public bool RunsCoordinatorStreams { get; }

    /// <summary>Whether this generator issues the operations of <paramref name="platform"/>'s cameras and points.</summary>
    public bool Owns(int platform) => Volatile.Read(ref _owned[platform]);

    /// <summary>From now on this generator also drives <paramref name="platforms"/> (their generator's node was lost).</summary>
    public void TakeOver(IEnumerable<int> platforms)
    {
        foreach (var p in platforms) Volatile.Write(ref _owned[p], true);
    }

    /// <summary>Whether a stream is split between the nodes' generators: it drives the tree, on an open model, without a
    /// count that ends the run (a counted stream's end is decided by one generator).</summary>
    public static bool Splits(StreamPlan plan) => plan.Target is null && plan.Sip is null && !plan.Schedule.IsClosed && !plan.Schedule.CountsIterations;

    /// <summary>Whether a run's workload can be spread over several generators at all: a run that ends when its counted
    /// operations are done stays on the coordinator, which alone can tell when they are.</summary>
    public static bool CanSpread(IReadOnlyList<StreamPlan> plans) => !plans.Any(p => p.Schedule.CountsIterations) && plans.Any(Splits);
}
