namespace MonitorSim.Load.Measurement;

/// <summary>What a latency series measures.</summary>
public enum LatencySeries
{
    /// <summary>Response time: from an operation's intended start (queueing included).</summary>
    Response,

    /// <summary>Service time: from its actual start.</summary>
    Service,

    /// <summary>How late the generator issued operations against their schedule.</summary>
    GeneratorLag,
}
