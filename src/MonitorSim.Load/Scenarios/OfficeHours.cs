namespace MonitorSim.Load.Scenarios;

/// <summary>The sim-time window in which service points serve citizens (service-flow load runs only inside it).</summary>
public sealed record OfficeHours(TimeOnly Start, TimeOnly End)
{
    /// <summary>08:30–17:30, a Chinese government office day.</summary>
    public static OfficeHours Default { get; } = new(new TimeOnly(8, 30), new TimeOnly(17, 30));

    /// <summary>Whether the sim instant falls inside the window (start inclusive, end exclusive).</summary>
    public bool Contains(DateTime sim)
    {
        var t = TimeOnly.FromDateTime(sim);
        return t >= Start && t < End;
    }
}
