namespace MonitorSim.Load.Engine;

/// <summary>
/// An arrival sequence whose arrivals are of several operation kinds (a replayed log): each arrival says which of the
/// run's streams it is offered on (<see cref="Route"/>, an index into the plans) and what detail it carries (an alarm's
/// type, a service-flow step). The engine issues it on that stream, so each kind keeps its own measurement, counts and
/// thresholds while one sequence keeps the log's order.
/// </summary>
public interface IRoutedArrivals
{
    /// <summary>The stream (index into the run's plans) of the arrival <see cref="ArrivalSequence.Next"/> returned last.</summary>
    int Route { get; }

    /// <summary>The last arrival's detail: its <see cref="Domain.Operations.AlarmType"/> or
    /// <see cref="Domain.Operations.ServiceFlowStep"/> as a number, or −1 for none (the stream decides as usual).</summary>
    int Detail { get; }

    /// <summary>Called once with the run's start (a Stopwatch timestamp) before the first arrival is asked for: a sequence
    /// paced by the system rather than a schedule (replay at maximum speed) needs to know where "now" is.</summary>
    void Begin(long runStart);
}
