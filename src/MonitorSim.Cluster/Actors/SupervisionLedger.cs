using Akka.Actor;
using Akka.Persistence;
using MonitorSim.Cluster.Protocol;

namespace MonitorSim.Cluster.Actors;

/// <summary>
/// Where the supervision desk keeps its place in the simulated year: one event per finished day, with the unit warning
/// levels that changed that day (so the warnings are in the journal too, for the read side). A desk started again on the
/// same store asks how many days are done and carries on from the next one.
/// </summary>
public sealed class SupervisionLedger : ReceivePersistentActor
{
    private int _daysDone;

    public SupervisionLedger(string runKey)
    {
        PersistenceId = PersistenceIdOf(runKey);
        Recover<SupervisionDayDone>(d => _daysDone = Math.Max(_daysDone, d.Day + 1));
        Command<GetSupervisionProgress>(_ => Sender.Tell(new SupervisionProgress(_daysDone)));
        Command<RecordSupervisionDay>(r =>
        {
            // Days are recorded in order; a day recorded already (an answer lost, so asked again) is not recorded twice.
            if (r.Day < _daysDone)
            {
                Sender.Tell(new SupervisionDayRecorded(r.Day));
                return;
            }
            if (r.Day > _daysDone)
            {
                Sender.Tell(new Status.Failure(new InvalidOperationException($"day {r.Day} recorded before day {_daysDone}")));
                return;
            }
            var replyTo = Sender;
            Persist(new SupervisionDayDone(r.Day, r.Date, r.Warnings), d =>
            {
                _daysDone = d.Day + 1;
                replyTo.Tell(new SupervisionDayRecorded(d.Day));
            });
        });
    }

    public override string PersistenceId { get; }

    public static string PersistenceIdOf(string runKey) => $"supervision-{runKey}";

    public static Props Props(string runKey) => Akka.Actor.Props.Create(() => new SupervisionLedger(runKey));
}
