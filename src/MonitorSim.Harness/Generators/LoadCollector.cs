using Akka.Actor;
using MonitorSim.Load.Engine;

namespace MonitorSim.Harness.Generators;

/// <summary>
/// The coordinator's end of the workers' generators: folds each worker's reports into the run's engine, and tells the
/// engine when a worker's generator is gone (its node died or was downed), so that the coordinator drives its platforms.
/// </summary>
public sealed class LoadCollector : ReceiveActor
{
    public const string Name = "load-collector";

    public LoadCollector(LoadEngine engine)
    {
        Receive<LoadDelta>(engine.Absorb);
        Receive<IActorRef>(agent => Context.Watch(agent));
        Receive<Terminated>(t => engine.RemoteLost(t.ActorRef.Path.Address.ToString(), "its node left the cluster"));
    }

    public static Props Props(LoadEngine engine) => Akka.Actor.Props.Create(() => new LoadCollector(engine));
}
