using Akka;
using Akka.Actor;
using MonitorSim.Cluster.Protocol;

namespace MonitorSim.Cluster.Tests.Support;

/// <summary>
/// Stands between platforms and the city: passes every message on unchanged (the city answers the platform itself),
/// except that until it is opened it holds the platforms' reports that carry alarms, in order. So a test can keep an
/// alarm stored at its platform and unanswered for as long as it needs, whatever the timing of the machine.
/// </summary>
public sealed class CityGate : ReceiveActor
{
    private readonly List<(PlatformReport Report, IActorRef Platform)> _held = [];
    private bool _open;

    public CityGate(IActorRef city)
    {
        Receive<PlatformReport>(r => !_open && r.Alarms.Count > 0, r => _held.Add((r, Sender)));
        Receive<HeldAlarms>(_ => Sender.Tell(_held.SelectMany(h => h.Report.Alarms).Select(a => a.AlarmId).Distinct().ToArray()));
        Receive<Open>(_ =>
        {
            _open = true;
            foreach (var (report, platform) in _held) city.Tell(report, platform);
            _held.Clear();
            Sender.Tell(Done.Instance);
        });
        ReceiveAny(m => city.Forward(m));
    }

    public static Props Props(IActorRef city) => Akka.Actor.Props.Create(() => new CityGate(city));

    /// <summary>Asks for the ids of the alarms held (answered with a <c>long[]</c>).</summary>
    public sealed record HeldAlarms;

    /// <summary>Lets the held reports through, in the order they came, and every later one (answered with <see cref="Done"/>).</summary>
    public sealed record Open;
}
