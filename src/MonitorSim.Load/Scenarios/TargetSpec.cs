namespace MonitorSim.Load.Scenarios;

/// <summary>
/// A self-test target: a stand-in for the system with a known answer, so the load engine itself can be checked
/// (its overhead against <c>noop</c>, queueing theory against <c>queue</c>, coordinated omission against <c>stall</c>).
/// </summary>
public abstract record TargetSpec
{
    private protected TargetSpec()
    {
    }

    /// <summary>The operation name reports and thresholds use (e.g. <c>noop</c>, <c>queue</c>).</summary>
    public abstract string Name { get; }
}

/// <summary>Answers at once, on the caller's thread: measures the engine's own cost.</summary>
public sealed record NoopTarget : TargetSpec
{
    public override string Name => "noop";
}

/// <summary>Answers after a fixed delay, concurrently (no queueing).</summary>
public sealed record FixedDelayTarget(TimeSpan Delay) : TargetSpec
{
    public override string Name => "fixed_delay";
}

/// <summary>c workers serving first come, first served with a random service time: an M/M/c, M/D/c or M/G/c queue under
/// Poisson arrivals, whose mean response time queueing theory predicts.</summary>
public sealed record QueueTarget(int Workers, ServiceTimeSpec ServiceTime) : TargetSpec
{
    public override string Name => "queue";
}

/// <summary>Answers normally (after <paramref name="Delay"/>) but stops for <paramref name="For"/> every
/// <paramref name="Every"/>: a caller that sends during a stall is held until it ends, like a client whose send blocks;
/// or, <paramref name="Silent"/>, the request is taken and never answered, like a hung server's (the caller's timeout
/// ends it).</summary>
public sealed record StallTarget(TimeSpan Every, TimeSpan For, TimeSpan Delay, bool Silent = false) : TargetSpec
{
    public override string Name => "stall";
}

/// <summary>A service-time distribution given by its mean and coefficient of variation (cv = stddev / mean).</summary>
public sealed record ServiceTimeSpec(ServiceDistribution Distribution, TimeSpan Mean, double Cv = 1);

/// <summary>Shapes of service time.</summary>
public enum ServiceDistribution
{
    Exponential,
    Deterministic,
    LogNormal,
}
