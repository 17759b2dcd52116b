namespace MonitorSim.Domain.Operations;

/// <summary>Receives every operation's outcome; called from the system's threads, so implementations are thread-safe.</summary>
public interface IOperationObserver
{
    void OnCompleted(in OpOutcome outcome);
}
