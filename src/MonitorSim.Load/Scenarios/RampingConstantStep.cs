namespace MonitorSim.Load.Scenarios;

/// <summary>Closed model whose number of copies moves linearly from the previous step's to <paramref name="Copies"/>.</summary>
public sealed record RampingConstantStep(int Copies, TimeSpan? During) : LoadStep;
