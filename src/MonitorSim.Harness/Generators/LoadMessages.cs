using Akka.Actor;

namespace MonitorSim.Harness.Generators;

/// <summary>
/// Coordinator → a worker's <see cref="LoadAgent"/>: drive the run's workload for <paramref name="Platforms"/> from
/// <paramref name="StartUtc"/>, reporting to <paramref name="Collector"/>. The scenario's figures that the command line
/// may have changed (and the sim day, which a store with history moves on) travel with it, since the worker read only
/// the file, and so does the coordinator's generator tick (a sizing's demand probe issues in bursts on every node).
/// Answered with <see cref="LoadStarted"/>.
/// </summary>
public sealed record StartLoad(
    DateTime StartUtc,
    TimeSpan Duration,
    TimeSpan WarmUp,
    double LoadFactor,
    DateTime SimStart,
    int Seed,
    int[] Platforms,
    IActorRef Collector,
    TimeSpan GeneratorTick);

/// <summary>The worker's generator is set to start; <paramref name="Error"/> says why not, if it is not.</summary>
public sealed record LoadStarted(string Node, string? Error = null);

/// <summary>Coordinator → a worker's agent: the run was aborted or cancelled; stop generating and send the final report.</summary>
public sealed class StopLoad
{
    public static StopLoad Instance { get; } = new();
    private StopLoad() { }
}
