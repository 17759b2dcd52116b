using MonitorSim.Load.Results;

namespace MonitorSim.Harness.Tests;

/// <summary>The progress a test hands a session or a size job: it prints nothing, and keeps the sizing trials it hears for
/// the tests that judge them.</summary>
internal sealed class QuietProgress : IRunProgress
{
    private readonly List<TrialProgress> _trials = [];

    /// <summary>Every sizing trial heard as it began and as it ended, in order.</summary>
    public IReadOnlyList<TrialProgress> Trials
    {
        get { lock (_trials) return [.. _trials]; }
    }

    public void Info(string message) { }

    public void Interval(TimelineRow row) { }

    public void Trial(TrialProgress trial)
    {
        lock (_trials) _trials.Add(trial);
    }
}
