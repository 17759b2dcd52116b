namespace MonitorSim.Load.Scenarios;

/// <summary>One step of a stream's load profile; the steps of a stream run one after another.</summary>
public abstract record LoadStep
{
    // The engine switches over the subtypes, so outsiders must not add new ones.
    private protected LoadStep()
    {
    }
}
