namespace MonitorSim.Domain.Operations;

/// <summary>Steps of one citizen's transaction at a service point (the "service flow" the platform watches).</summary>
public enum ServiceFlowStep : byte
{
    TakeNumber,
    Called,
    Served,
    Evaluated,
}
