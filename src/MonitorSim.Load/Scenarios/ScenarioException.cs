namespace MonitorSim.Load.Scenarios;

/// <summary>A scenario could not be loaded; carries every problem found in the file, not just the first.</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException(IReadOnlyList<ScenarioError> errors)
        : base(string.Join("\n", errors))
    {
        if (errors.Count == 0) throw new ArgumentException("a scenario exception needs at least one error", nameof(errors));
        Errors = errors;
    }

    public ScenarioException(ScenarioError error)
        : this([error])
    {
    }

    public IReadOnlyList<ScenarioError> Errors { get; }
}
