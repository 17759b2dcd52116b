using MonitorSim.Domain.Operations;

namespace MonitorSim.Load.Engine;

/// <summary>Hears every operation the engine offers to the tree, on the generator thread, in the order offered: must be
/// cheap (hand the record to another thread) and must never throw.</summary>
public interface IOperationRecorder
{
    /// <summary>The run starts now, at <paramref name="runStart"/> (a Stopwatch timestamp); called before any operation.</summary>
    void Started(long runStart);

    /// <param name="intended">Intended start, Stopwatch ticks from the run's start.</param>
    /// <param name="subject">The camera (camera operations) or the point (service flow, clue intake).</param>
    /// <param name="detail">The alarm type or service-flow step as a number, or −1.</param>
    void Offered(long intended, OperationKind kind, int subject, int detail);
}
