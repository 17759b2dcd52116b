namespace MonitorSim.Load.Engine;

/// <summary>What the engine does with a stream's operations in flight: how many may be at once, what happens to one more
/// at that cap, and how long each may go unanswered.</summary>
/// <param name="MaxInFlight">The stream's own in-flight cap, or null for the engine's default.</param>
/// <param name="WaitWhenFull">At the cap the generator waits for a free slot instead of dropping the operation (a
/// replayed log: every valid line is offered; the wait shows as lag).</param>
/// <param name="Timeout">How long an operation may go unanswered from its actual start
/// (<see cref="Scenarios.StreamDefinition.Timeout"/>); null: <see cref="Scenarios.StreamDefinition.DefaultTimeout"/>.</param>
public sealed record InFlightRules(int? MaxInFlight = null, bool WaitWhenFull = false, TimeSpan? Timeout = null)
{
    /// <summary>The engine's default cap, dropping at it, the default timeout.</summary>
    public static InFlightRules Default { get; } = new();

    /// <summary>The stream's operation timeout, its own or the default.</summary>
    public TimeSpan OperationTimeout => Timeout ?? Scenarios.StreamDefinition.DefaultTimeout;

    /// <summary>The stream's cap: its own, or <paramref name="engineDefault"/>.</summary>
    public int CapOr(int engineDefault) => MaxInFlight ?? engineDefault;
}
