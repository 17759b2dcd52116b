using MonitorSim.Load.Results;

namespace MonitorSim.Harness;

/// <summary>Where a run tells its user what is happening.</summary>
public interface IRunProgress
{
    void Info(string message);

    void Interval(TimelineRow row);
}
