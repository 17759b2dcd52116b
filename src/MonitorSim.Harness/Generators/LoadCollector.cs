using Akka.Actor;
using MonitorSim.Load.Engine;

namespace MonitorSim.Harness.Generators;

/// <summary>
/// The coordinator's end of the workers' generators: folds each worker's reports into the run's engine, and tells the
/// engine when a worker's generator is gone (its node died or was downed), so that the coordinator drives its platforms.
/// </summary>
/// <remarks>The engine comes in the collector's first message (<see cref="Into"/>), not in its <c>Props</c>, and the
/// collector lets go of it when it stops: Akka.Remote keeps the references of actors that remote messages were addressed
/// to in a per-thread cache of resolved paths (1,024 a thread, never filled by a run's few), every run's collector among
/// them, and a reference keeps its <c>Props</c> with their arguments. With the engine in them, a sizing run on two nodes
/// kept every trial's engine, its latency histograms, ~41 MB a trial (docs/sizing.md, "A trial's engine outlived it on
/// several nodes").</remarks>
public sealed class LoadCollector : ReceiveActor
{
    public const string Name = "load-collector";

    /// <summary>The run whose engine this collector feeds: told first, before any worker is started.</summary>
    public sealed record Into(LoadEngine Engine);

    private LoadEngine? _engine;

    public LoadCollector()
    {
        Receive<Into>(into => _engine = into.Engine);
        Receive<LoadDelta>(delta => _engine?.Absorb(delta));
        Receive<IActorRef>(agent => Context.Watch(agent));
        Receive<Terminated>(t => _engine?.RemoteLost(t.ActorRef.Path.Address.ToString(), "its node left the cluster"));
    }

    protected override void PostStop() => _engine = null;

    public static Props Props() => Akka.Actor.Props.Create(() => new LoadCollector());
}
